extension Router {
    /// Registers routes the general rate limit does not count: the liveness and readiness
    /// probes (a load balancer whose health checks got 429 would take the server out of
    /// service) and the gateway sandbox (the server's own calls to its simulators, in
    /// development only). They carry no `RateLimit` fields and document no 429.
    mutating func withoutRateLimit(_ register: (inout Router) -> Void) {
        let outer = exemptingFromRateLimit
        exemptingFromRateLimit = true
        register(&self)
        exemptingFromRateLimit = outer
    }

    /// Every counted route documents 429 and the `RateLimit` fields on all its replies, here
    /// once rather than route by route (as `add(…access:)` documents 401).
    static func documentRateLimit(_ doc: inout OperationDoc) {
        doc.rateLimited = true
        merge(.problem(429, "RATE_LIMITED: more than limits.requestsPerMinute requests from this client address within a "
                           + "sliding minute; see Retry-After"), into: &doc)
    }
}

extension Router {
    /// What any route with a body can answer besides its own replies: 400 for a missing,
    /// unreadable or invalid body, 413 past its body limit (`server.maxBodyBytes` unless the
    /// route sets its own). Merged into a status the route documents already.
    static func documentCommonReplies(_ route: inout Route) {
        guard route.doc.body != nil else { return }
        if !route.doc.replies.contains(where: { $0.status == 400 }) {
            route.doc.replies.append(.problem(400, "INVALID_REQUEST: the body is missing, not the declared media type, or invalid"))
        }
        let limit = route.bodyLimit.map { "\($0) bytes" } ?? "server.maxBodyBytes"
        merge(.problem(413, "PAYLOAD_TOO_LARGE: the body is over \(limit)"), into: &route.doc)
    }
}
