/// The general rate limit refused a request (docs/API.md §12): 429 `RATE_LIMITED`.
struct RateLimitError: Error, Sendable, Equatable {
    let limit: Int
    let windowSeconds: Int
    /// Whole seconds until a request from this client would be admitted.
    let retryAfter: Int

    var problem: Problem {
        let unit = windowSeconds == 60 ? "a minute" : "in \(windowSeconds) seconds"
        return Problem(status: 429, code: "RATE_LIMITED",
                       detail: "More than \(limit) requests \(unit) from this address; try again in \(retryAfter) seconds.",
                       headers: [("Retry-After", String(retryAfter))])
    }
}
