/// Login attempts per email and client address, kept in the database so that every server
/// sharing it, and a restarted one, count them alike (docs/API.md §12).
///
/// An attempt is claimed before its password is checked and counts from then on, failed or
/// still pending; a right password or an attempt that was never checked gives its slot back.
public protocol LoginAttemptRepository: Sendable {
    /// In ONE write transaction: reads the attempts of `email` (normalized) inside
    /// `policy.lookback` of `time`, and when `policy` lets `address` try, records a pending
    /// attempt and returns it; otherwise records nothing and returns when a slot frees.
    /// Attempts that left every window (of any email) may be dropped on the way.
    func claim(email: String, from address: ClientAddress, at time: Double, policy: LoginThrottlePolicy) async throws -> AttemptClaim

    /// The attempt's password was wrong: it keeps counting until it leaves the window.
    func recordFailure(_ attempt: AttemptID) async throws

    /// The attempt's password was right: forgets it, and the failures of its email from its
    /// address (not other addresses' failures, nor attempts still being checked).
    func recordSuccess(_ attempt: AttemptID) async throws

    /// The attempt was never checked (the hasher was busy, storage failed): forgets it.
    func release(_ attempt: AttemptID) async throws
}
