/// Failed logins per email, kept in the database so that several servers share the count.
///
/// Failures are recorded once known, so a burst of logins that all present the right
/// password is never throttled; the price is that guesses racing in parallel are counted
/// only as they complete (bounded by the password hasher's queue, see `PasswordHasher`).
public protocol LoginAttemptRepository: Sendable {
    /// When the failures of `email` (normalized) since `since` happened, newest first, at
    /// most `limit` of them.
    func recentFailures(email: String, since: Double, limit: Int) async throws -> [Double]

    /// Records a failed login; failures before `forgetBefore` (of any email) may be dropped.
    func recordFailure(email: String, at time: Double, forgetBefore: Double) async throws

    /// Forgets every failure of `email` (the password was right).
    func clear(email: String) async throws
}
