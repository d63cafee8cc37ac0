/// An email-verification code waiting to be entered (docs/API.md §2: 6 digits, 10 minutes,
/// 5 wrong tries void it). Only a digest of the code is kept.
public struct PendingVerification: Sendable, Equatable {
    /// The account the code belongs to.
    public let userID: UserID
    /// The code's digest, as `VerificationCodes.digest` (Auth) computes it.
    public let codeDigest: String
    /// Seconds since the Unix epoch.
    public let expiresAt: Double
    /// Wrong codes entered so far.
    public let failedAttempts: Int

    /// Creates a pending verification.
    public init(userID: UserID, codeDigest: String, expiresAt: Double, failedAttempts: Int) {
        self.userID = userID
        self.codeDigest = codeDigest
        self.expiresAt = expiresAt
        self.failedAttempts = failedAttempts
    }

    /// Seconds a code stays valid: 10 minutes.
    public static let codeLifetime: Double = 600
    /// Wrong tries that void a code.
    public static let maximumFailedAttempts = 5

    /// Expired, or voided by too many wrong tries: only a new code helps.
    public func isSpent(at now: Double) -> Bool {
        now >= expiresAt || isVoid
    }

    /// Voided by `maximumFailedAttempts` wrong tries.
    public var isVoid: Bool { failedAttempts >= Self.maximumFailedAttempts }

    /// Wrong tries this code still allows.
    public var triesLeft: Int { max(0, Self.maximumFailedAttempts - failedAttempts) }

    /// This fresh code as it replaces `previous` at `now` (a resend): it inherits the failed
    /// tries of a previous code that is still live, so asking for a new code never buys more
    /// guesses; a previous code that expired or was voided is replaced with a fresh budget.
    /// With at most 5 resends a day (docs/API.md §12) that bounds wrong tries to 30 per email a day.
    public func replacing(_ previous: PendingVerification?, at now: Double) -> PendingVerification {
        guard let previous, !previous.isSpent(at: now) else { return self }
        return PendingVerification(userID: userID, codeDigest: codeDigest, expiresAt: expiresAt,
                                   failedAttempts: max(failedAttempts, previous.failedAttempts))
    }

    /// A well-formed code is exactly six ASCII digits.
    public static func isWellFormed(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { (48...57).contains($0) }
    }
}
