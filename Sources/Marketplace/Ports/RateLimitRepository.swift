/// What a database-held rate limit counts, and per what.
public struct RateLimitKey: Sendable, Hashable {
    /// The action counted.
    public enum Scope: String, Sendable, CaseIterable {
        /// Signups, per client address.
        case signup = "SIGNUP"
        /// `POST /auth/resend-verification`, per normalized email (registered or not).
        case resendVerification = "RESEND_VERIFICATION"
    }

    /// The action.
    public let scope: Scope
    /// Whose actions: a client address or a normalized email.
    public let subject: String

    /// Creates a key.
    public init(_ scope: Scope, _ subject: String) {
        self.scope = scope
        self.subject = subject
    }

    /// Signups from one client address.
    public static func signup(from address: ClientAddress) -> RateLimitKey { RateLimitKey(.signup, address.value) }

    /// Verification resends to one email (`EmailAddress.normalized`).
    public static func resendVerification(to email: String) -> RateLimitKey { RateLimitKey(.resendVerification, email) }
}

/// Counted actions in the database, so that a limit holds across servers and restarts.
public protocol RateLimitRepository: Sendable {
    /// In ONE write transaction: reads the times of `key`'s actions inside `limit.lookback` of
    /// `time`, and when `limit` allows one more, records it and returns it; otherwise records
    /// nothing and returns when it will be allowed. Actions that left every window (of any
    /// key) may be dropped on the way.
    func claim(_ key: RateLimitKey, limit: RateLimit, at time: Double) async throws -> AttemptClaim

    /// Forgets a claimed action whose work never ran (the hasher was busy, storage failed).
    func release(_ claim: AttemptID) async throws
}
