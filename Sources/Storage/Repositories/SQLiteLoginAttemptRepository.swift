public import Marketplace

/// Login-throttling state in `login_failures`: one row per failed login.
public struct SQLiteLoginAttemptRepository: LoginAttemptRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    public func recentFailures(email: String, since: Double, limit: Int) async throws -> [Double] {
        try await database.read { connection in
            try connection.query("""
                SELECT failed_at FROM login_failures WHERE email_normalized = ? AND failed_at > ?
                ORDER BY failed_at DESC LIMIT ?
                """, email, EpochMilliseconds.from(since), limit).map { EpochMilliseconds.seconds(try $0.int64(0)) }
        }
    }

    public func recordFailure(email: String, at time: Double, forgetBefore: Double) async throws {
        try await database.write { connection in
            // Rows that left the window count for nobody; dropping them keeps the table small
            // even when someone sprays random emails (the time index makes this cheap).
            try connection.execute("DELETE FROM login_failures WHERE failed_at <= ?", EpochMilliseconds.from(forgetBefore))
            try connection.execute("INSERT INTO login_failures (email_normalized, failed_at) VALUES (?, ?)",
                                   email, EpochMilliseconds.from(time))
        }
    }

    public func clear(email: String) async throws {
        try await database.write { connection in
            try connection.execute("DELETE FROM login_failures WHERE email_normalized = ?", email)
        }
    }
}
