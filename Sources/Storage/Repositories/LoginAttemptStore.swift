public import Marketplace

/// Login attempts in `login_attempts`: one row per attempt, PENDING while its password is
/// checked, FAILED after a wrong one (docs/API.md §12).
public struct LoginAttemptStore: LoginAttemptRepository {
    let database: Database
    let pruning = PruneSchedule()

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    /// One write transaction makes the count and the insert atomic; on PostgreSQL the email's
    /// advisory lock makes every claim for that email, from any server, take its turn (see
    /// `LimitKeys`), so the per-address and per-email counts both hold.
    public func claim(email: String, from address: ClientAddress, at time: Double,
                      policy: LoginThrottlePolicy) async throws -> AttemptClaim {
        let claim = try await database.write(locking: [LimitKeys.lock("login:" + email)]) { connection -> AttemptClaim in
            let attempts = try connection.query("""
                SELECT client_address, attempted_at FROM login_attempts WHERE email_normalized = ? AND attempted_at > ?
                """, email, EpochMilliseconds.from(time - policy.lookback)).map { row in
                LoginAttempt(address: ClientAddress(try row.string(0)), at: EpochMilliseconds.seconds(try row.int64(1)))
            }
            if let until = policy.lockedUntil(attempts, from: address, now: time) { return .refused(until: until) }
            guard let id = try connection.queryRow("""
                INSERT INTO login_attempts (email_normalized, client_address, attempted_at, outcome)
                VALUES (?, ?, ?, 'PENDING') RETURNING id
                """, email, address.value, EpochMilliseconds.from(time))?.int64(0)
            else { throw SQLiteError(extendedCode: SQLite3.Code.error, message: "inserted login attempt returned no id") }
            return .claimed(AttemptID(rawValue: id))
        }
        if pruning.isDue(at: time) {
            // Rows that left the window count for nobody; dropping them keeps the table small
            // even when someone sprays random emails (the time index makes this cheap).
            try await database.write { connection in
                try connection.execute("DELETE FROM login_attempts WHERE attempted_at <= ?", EpochMilliseconds.from(time - policy.lookback))
            }
        }
        return claim
    }

    public func recordFailure(_ attempt: AttemptID) async throws {
        try await database.write { connection in
            try connection.execute("UPDATE login_attempts SET outcome = 'FAILED' WHERE id = ?", attempt.rawValue)
        }
    }

    public func recordSuccess(_ attempt: AttemptID) async throws {
        try await database.write { connection in
            // Only FAILED rows: attempts of the same pair still being checked keep their slots.
            if let row = try connection.queryRow("SELECT email_normalized, client_address FROM login_attempts WHERE id = ?",
                                                 attempt.rawValue) {
                try connection.execute("""
                    DELETE FROM login_attempts WHERE email_normalized = ? AND client_address = ? AND outcome = 'FAILED'
                    """, try row.string(0), try row.string(1))
            }
            try connection.execute("DELETE FROM login_attempts WHERE id = ?", attempt.rawValue)
        }
    }

    public func release(_ attempt: AttemptID) async throws {
        try await database.write { connection in
            try connection.execute("DELETE FROM login_attempts WHERE id = ? AND outcome = 'PENDING'", attempt.rawValue)
        }
    }
}
