/// A problem with one field of a request, reported back to the client in `errors`.
public struct FieldIssue: Sendable, Equatable, Codable {
    /// The request field's name, as the client spelled it (`quantity`, `items[2].productId`).
    public let field: String
    /// What is wrong with it, in words for a developer.
    public let message: String

    /// Creates a field issue.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// The domain's errors; the HTTP layer maps each to a problem+json response in one place.
public enum MarketplaceError: Error, Sendable, Equatable {
    /// The request's values break the rules; `code` is the stable UPPER_SNAKE code.
    case validation(code: String, detail: String, issues: [FieldIssue])
    /// The resource does not exist or belongs to someone else (ids never leak).
    case notFound(code: String, detail: String)
    /// The state of a resource forbids the change.
    case conflict(code: String, detail: String)
    /// The caller may not do this.
    case forbidden(code: String, detail: String)
    /// The request body's media type is not one this resource takes (an upload's magic bytes).
    case unsupportedMediaType(code: String, detail: String)
    /// 422: the request is well formed but its content is refused (a webhook URL the SSRF guard refuses).
    case unprocessable(code: String, detail: String, issues: [FieldIssue])
    /// 409 `INSUFFICIENT_STOCK`: `issues` name every line whose product has too few units.
    case outOfStock(detail: String, issues: [FieldIssue])
    /// 404 `PRODUCT_NOT_FOUND` for lines of several products: `issues` name each one that is
    /// unknown, hidden or deleted.
    case productsNotFound(detail: String, issues: [FieldIssue])
    /// 503 `PAYMENT_PROVIDER_UNAVAILABLE`: no gateway for the provider, or it could not prepare.
    case paymentProviderUnavailable(detail: String)
    /// A dependency (database, gateway) cannot answer now; the client may retry later.
    case unavailable(detail: String, retryAfterSeconds: Int?)
    /// 402 `PAYMENT_REJECTED`: the gateway declined the payment; nothing was charged.
    case paymentRejected(detail: String)
    /// 502: a gateway gave no definite answer to a call that moves money; `code` says which.
    case badGateway(code: String, detail: String)

    /// A 400 `INVALID_REQUEST` with field issues.
    public static func invalid(_ issues: [FieldIssue], detail: String = "The request is not valid.") -> MarketplaceError {
        .validation(code: "INVALID_REQUEST", detail: detail, issues: issues)
    }
}
