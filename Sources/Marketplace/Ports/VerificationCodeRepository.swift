/// Where pending email-verification codes live, one per account at most.
public protocol VerificationCodeRepository: Sendable {
    /// Stores a fresh code for the account, replacing any earlier one (its tries restart).
    func replace(_ pending: PendingVerification, createdAt: Double) async throws

    /// The account's pending code, if any (spent ones included, so the caller can say why).
    func pending(for userID: UserID) async throws -> PendingVerification?

    /// Counts one wrong try, unless the code is already void; atomically.
    func recordFailedAttempt(for userID: UserID) async throws

    /// Atomically consumes the code and marks the account's email verified, if `codeDigest`
    /// is still the account's code, unexpired at `now` and not void; returns whether it did.
    func redeem(for userID: UserID, codeDigest: String, now: Double) async throws -> Bool
}
