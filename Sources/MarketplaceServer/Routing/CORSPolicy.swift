import HTTPServer
/// Cross-origin access for browsers, for the origins the configuration lists.
///
/// `*` in the list allows any origin: answers then carry `Access-Control-Allow-Origin: *`
/// (and no `Vary: Origin`, as they no longer depend on it) and never
/// `Access-Control-Allow-Credentials`, so a browser sends no cookies along — this API's
/// credentials are bearer tokens a page sets itself, which `*` does not hinder.
struct CORSPolicy: Sendable {
    /// The entry that allows any origin.
    static let anyOrigin = "*"

    let allowedOrigins: Set<String>
    var allowsAny: Bool { allowedOrigins.contains(Self.anyOrigin) }

    static let allowedHeaders = "Authorization, Content-Type, Idempotency-Key, X-Request-Id"
    static let exposedHeaders = "X-Request-Id, Idempotent-Replayed, Retry-After, RateLimit, RateLimit-Policy, Location, ETag"

    func allows(_ origin: String) -> Bool { allowsAny || allowedOrigins.contains(origin) }

    /// Adds the headers that let a browser on an allowed origin read `response`.
    func decorate(_ response: inout Response, origin: String?) {
        guard let origin, allows(origin), response.headers["Access-Control-Allow-Origin"] == nil else { return }
        if allowsAny {
            response.headers.set("Access-Control-Allow-Origin", Self.anyOrigin)
        } else {
            response.headers.set("Access-Control-Allow-Origin", origin)
            response.headers.add("Vary", "Origin")
        }
        response.headers.set("Access-Control-Expose-Headers", Self.exposedHeaders)
    }

    /// Answers OPTIONS: a preflight from an allowed origin, or a plain OPTIONS listing the methods.
    func preflight(_ request: Request, allowed: [HTTPMethod]) -> Response {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        guard let origin = request.headers["Origin"], request.headers["Access-Control-Request-Method"] != nil else {
            return Response(status: 204, headers: HTTPHeaders([("Allow", allow)]))
        }
        guard allows(origin) else {
            return Problem(status: 403, code: "CORS_ORIGIN_NOT_ALLOWED", detail: "Origin \(origin) may not call this API from a browser.").response()
        }
        let allowOrigin = allowsAny ? [("Access-Control-Allow-Origin", Self.anyOrigin)]
                                    : [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
        return Response(status: 204, headers: HTTPHeaders([("Allow", allow)] + allowOrigin + [
            ("Access-Control-Allow-Methods", allow),
            ("Access-Control-Allow-Headers", Self.allowedHeaders),
            ("Access-Control-Max-Age", "600"),
        ]))
    }
}
