public import Marketplace

/// Pending email-verification codes in `email_verifications`, one row per account.
public struct SQLiteVerificationCodeRepository: VerificationCodeRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    public func replace(_ pending: PendingVerification, createdAt: Double) async throws {
        try await database.write { connection in
            try connection.execute("""
                INSERT INTO email_verifications (user_id, code_digest, expires_at, failed_attempts, created_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET code_digest = excluded.code_digest, expires_at = excluded.expires_at,
                    failed_attempts = excluded.failed_attempts, created_at = excluded.created_at
                """, pending.userID.rawValue, pending.codeDigest, EpochMilliseconds.from(pending.expiresAt),
                pending.failedAttempts, EpochMilliseconds.from(createdAt))
        }
    }

    public func pending(for userID: UserID) async throws -> PendingVerification? {
        try await database.read { connection in
            try connection.queryRow("""
                SELECT code_digest, expires_at, failed_attempts FROM email_verifications WHERE user_id = ?
                """, userID.rawValue).map { row in
                PendingVerification(userID: userID, codeDigest: try row.string("code_digest"),
                                    expiresAt: EpochMilliseconds.seconds(try row.int64("expires_at")),
                                    failedAttempts: try row.int("failed_attempts"))
            }
        }
    }

    public func recordFailedAttempt(for userID: UserID) async throws {
        try await database.write { connection in
            try connection.execute("""
                UPDATE email_verifications SET failed_attempts = failed_attempts + 1 WHERE user_id = ? AND failed_attempts < ?
                """, userID.rawValue, PendingVerification.maximumFailedAttempts)
        }
    }

    public func redeem(for userID: UserID, codeDigest: String, now: Double) async throws -> Bool {
        try await database.write { connection in
            let consumed = try connection.execute("""
                DELETE FROM email_verifications
                WHERE user_id = ? AND code_digest = ? AND expires_at > ? AND failed_attempts < ?
                """, userID.rawValue, codeDigest, EpochMilliseconds.from(now), PendingVerification.maximumFailedAttempts)
            guard consumed == 1 else { return false }
            try connection.execute("UPDATE users SET email_verified = 1 WHERE id = ?", userID.rawValue)
            return true
        }
    }
}
