import HTTPServer
/// An RFC 9457 problem: the body of every error response (`application/problem+json`).
struct Problem: Sendable, Equatable {
    var status: Int
    /// Stable UPPER_SNAKE code clients branch on.
    var code: String
    var detail: String
    var errors: [FieldProblem] = []
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`).
    var headers: [(String, String)] = []

    struct FieldProblem: Sendable, Equatable {
        let field: String
        let message: String
    }

    static func == (lhs: Problem, rhs: Problem) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.detail == rhs.detail && lhs.errors == rhs.errors
    }

    var title: String { ResponseWriter.reason(status) }

    func response(instance: String? = nil) -> Response {
        var json = JSONWriter()
        json.beginObject()
        json.member("type", "about:blank")
        json.member("title", title)
        json.member("status", status)
        json.member("detail", detail)
        json.member("code", code)
        if let instance { json.member("instance", instance) }
        if !errors.isEmpty {
            json.key("errors")
            json.beginArray()
            for error in errors {
                json.beginObject()
                json.member("field", error.field)
                json.member("message", error.message)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        var headers = HTTPHeaders([("Content-Type", "application/problem+json")])
        for (name, value) in self.headers { headers.add(name, value) }
        return Response(status: status, headers: headers, body: json.bytes)
    }
}

/// Errors the HTTP layer itself raises (routing, query parameters, bodies).
struct HTTPError: Error, Sendable {
    let problem: Problem

    static let notFound = HTTPError(problem: Problem(status: 404, code: "NOT_FOUND", detail: "No resource lives at this path."))

    static func methodNotAllowed(_ allowed: [HTTPMethod]) -> HTTPError {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return HTTPError(problem: Problem(status: 405, code: "METHOD_NOT_ALLOWED",
                                          detail: "This path accepts \(allow).", headers: [("Allow", allow)]))
    }

    static func invalidParameter(_ name: String, _ message: String) -> HTTPError {
        HTTPError(problem: Problem(status: 400, code: "INVALID_PARAMETER", detail: "Query parameter '\(name)' is invalid.",
                                   errors: [.init(field: name, message: message)]))
    }

    static func invalidBody(_ detail: String, field: String? = nil) -> HTTPError {
        HTTPError(problem: Problem(status: 400, code: "INVALID_REQUEST", detail: detail,
                                   errors: field.map { [.init(field: $0, message: detail)] } ?? []))
    }
}
