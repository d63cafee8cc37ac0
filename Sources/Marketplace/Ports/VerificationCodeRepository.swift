/// Where pending email-verification codes live, one per account at most.
public protocol VerificationCodeRepository: Sendable {
    /// In ONE write transaction: stores `fresh` as the account's code, replacing any earlier
    /// one, with the earlier one's failed tries carried over while it was still live
    /// (`PendingVerification.replacing(_:at:)`), queues the mail `mail` makes of what it
    /// stored (in the account's locale) in the SAME transaction, and returns what it stored.
    func issue(_ fresh: PendingVerification, at time: Double,
               mail: @escaping @Sendable (PendingVerification, MailLocale) -> MailMessage) async throws -> PendingVerification

    /// The account's pending code, if any (spent ones included).
    func pending(for userID: UserID) async throws -> PendingVerification?

    /// In ONE write transaction: claims one try of the account's code (a guarded increment of
    /// its failed tries, refused when the code is expired or void), then compares
    /// `codeDigest`: a match consumes the code and marks the email verified (the try goes with
    /// it), a mismatch leaves the try counted. So N tries at once are compared at most as many
    /// times as the code has tries left.
    func check(_ codeDigest: String, for userID: UserID, at time: Double) async throws -> VerificationCheck
}

/// What checking a verification code found.
public enum VerificationCheck: Sendable, Hashable {
    /// The code matched: the email is verified and the code consumed.
    case verified
    /// Wrong code; the try counts.
    case wrongCode
    /// No code is pending for the account.
    case noCode
    /// The code expired before this try.
    case expired
    /// Earlier wrong tries used the code up.
    case voided
}
