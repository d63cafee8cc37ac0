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
