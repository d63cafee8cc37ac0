import Auth
import Marketplace
import HTTPServer

/// The one place where errors become HTTP problems.
enum ProblemMapper {
    static func problem(for error: any Error, requestID: String) -> Problem {
        switch error {
        case let error as HTTPError: error.problem
        case let error as MarketplaceError: error.problem
        case let error as AuthError: error.problem
        case let error as HTTPParseError: error.problem
        case let error as DecodingError: error.problem
        case let error as BlobStoreError: error.problem
        case let error as RateLimitError: error.problem
        default: Problem(status: 500, code: "INTERNAL_ERROR", detail: "Something went wrong on our side. Reference \(requestID).")
        }
    }
}

extension HTTPParseError {
    var problem: Problem {
        let code = switch status {
        case 400: "MALFORMED_REQUEST"
        case 408: "REQUEST_TIMEOUT"
        case 413: "PAYLOAD_TOO_LARGE"
        case 414: "URI_TOO_LONG"
        case 417: "EXPECTATION_FAILED"
        case 431: "HEADERS_TOO_LARGE"
        case 501: "NOT_IMPLEMENTED"
        case 505: "HTTP_VERSION_NOT_SUPPORTED"
        case 507: "INSUFFICIENT_STORAGE"
        case 500: "INTERNAL_ERROR"
        default: "MALFORMED_REQUEST"
        }
        return Problem(status: status, code: code, detail: detail)
    }
}

extension MarketplaceError {
    var problem: Problem {
        switch self {
        case let .validation(code, detail, issues):
            Problem(status: 400, code: code, detail: detail, errors: issues.map { .init(field: $0.field, message: $0.message) })
        case let .notFound(code, detail): Problem(status: 404, code: code, detail: detail)
        case let .conflict(code, detail): Problem(status: 409, code: code, detail: detail)
        case let .forbidden(code, detail): Problem(status: 403, code: code, detail: detail)
        case let .unsupportedMediaType(code, detail): Problem(status: 415, code: code, detail: detail)
        case let .unprocessable(code, detail, issues):
            Problem(status: 422, code: code, detail: detail, errors: issues.map { .init(field: $0.field, message: $0.message) })
        case let .outOfStock(detail, issues):
            Problem(status: 409, code: "INSUFFICIENT_STOCK", detail: detail, errors: issues.map { .init(field: $0.field, message: $0.message) })
        case let .productsNotFound(detail, issues):
            Problem(status: 404, code: "PRODUCT_NOT_FOUND", detail: detail, errors: issues.map { .init(field: $0.field, message: $0.message) })
        case let .paymentProviderUnavailable(detail):
            Problem(status: 503, code: "PAYMENT_PROVIDER_UNAVAILABLE", detail: detail)
        case let .unavailable(detail, retryAfter):
            Problem(status: 503, code: "SERVICE_UNAVAILABLE", detail: detail,
                    headers: retryAfter.map { [("Retry-After", String($0))] } ?? [])
        case let .paymentRejected(detail): Problem(status: 402, code: "PAYMENT_REJECTED", detail: detail)
        case let .badGateway(code, detail): Problem(status: 502, code: code, detail: detail)
        }
    }
}
