public import Marketplace

/// Pending email-verification codes in `email_verifications`, one row per account.
///
/// Every write of an account's code holds the advisory lock `verify:<user id>` on PostgreSQL
/// (see `LimitKeys`), so a burst of tries on one code takes turns instead of failing and
/// retrying on the row; each is still one transaction, and its guarded UPDATE decides.
public struct VerificationCodeStore: VerificationCodeRepository {
    let database: Database
    /// Called after a code and its mail committed: wakes the mail worker.
    let mailQueued: @Sendable () -> Void

    /// Creates the repository over an opened, migrated database.
    public init(database: Database, mailQueued: @escaping @Sendable () -> Void = {}) {
        self.database = database
        self.mailQueued = mailQueued
    }

    /// One transaction reads the code being replaced, writes its successor and queues its
    /// mail, so the tries carried over are the ones counted at that moment and a code is
    /// never stored without its mail (or mailed without being stored).
    public func issue(_ fresh: PendingVerification, at time: Double,
                      mail: @escaping @Sendable (PendingVerification, MailLocale) -> MailMessage) async throws -> PendingVerification {
        defer { mailQueued() }
        return try await database.write(locking: [Self.lock(fresh.userID)]) { connection in
            let stored = fresh.replacing(try Self.pending(fresh.userID, connection), at: time)
            try connection.execute("""
                INSERT INTO email_verifications (user_id, code_digest, expires_at, failed_attempts, created_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET code_digest = excluded.code_digest, expires_at = excluded.expires_at,
                    failed_attempts = excluded.failed_attempts, created_at = excluded.created_at
                """, stored.userID.rawValue, stored.codeDigest, EpochMilliseconds.from(stored.expiresAt),
                stored.failedAttempts, EpochMilliseconds.from(time))
            let locale = try connection.queryRow("SELECT locale FROM users WHERE id = ?", stored.userID.rawValue)
                .flatMap { MailLocale(rawValue: try $0.string(0)) } ?? .ko
            try MailQueueStore.enqueue(mail(stored, locale), on: connection)
            return stored
        }
    }

    public func pending(for userID: UserID) async throws -> PendingVerification? {
        try await database.read { connection in try Self.pending(userID, connection) }
    }

    /// The try is claimed by the guarded increment before the digest is compared, in the same
    /// transaction: a try that finds no live code changes nothing, and a match deletes the row
    /// (its claimed try with it) and verifies the account.
    public func check(_ codeDigest: String, for userID: UserID, at time: Double) async throws -> VerificationCheck {
        try await database.write(locking: [Self.lock(userID)]) { connection in
            guard let claimed = try connection.queryRow("""
                UPDATE email_verifications SET failed_attempts = failed_attempts + 1
                WHERE user_id = ? AND failed_attempts < ? AND expires_at > ?
                RETURNING code_digest
                """, userID.rawValue, PendingVerification.maximumFailedAttempts, EpochMilliseconds.from(time))
            else {
                guard let pending = try Self.pending(userID, connection) else { return .noCode }
                return pending.isVoid ? .voided : .expired
            }
            guard try claimed.string(0) == codeDigest else { return .wrongCode }
            try connection.execute("DELETE FROM email_verifications WHERE user_id = ?", userID.rawValue)
            try connection.execute("UPDATE users SET email_verified = 1 WHERE id = ?", userID.rawValue)
            return .verified
        }
    }

    private static func lock(_ userID: UserID) -> Int64 { LimitKeys.lock("verify:\(userID.rawValue)") }

    private static func pending(_ userID: UserID, _ connection: Connection) throws -> PendingVerification? {
        try connection.queryRow("""
            SELECT code_digest, expires_at, failed_attempts FROM email_verifications WHERE user_id = ?
            """, userID.rawValue).map { row in
            PendingVerification(userID: userID, codeDigest: try row.string("code_digest"),
                                expiresAt: EpochMilliseconds.seconds(try row.int64("expires_at")),
                                failedAttempts: try row.int("failed_attempts"))
        }
    }
}
