public import Marketplace

/// Counted actions in `rate_limit_events` (signups per address, verification resends per
/// email): one row per claimed action, kept until its longest window has passed.
public struct RateLimitStore: RateLimitRepository {
    let database: Database
    let pruning = PruneSchedule()

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    /// One write transaction makes the count and the insert atomic; on PostgreSQL the key's
    /// advisory lock makes every claim for it, from any server, take its turn (see `LimitKeys`).
    public func claim(_ key: RateLimitKey, limit: RateLimit, at time: Double) async throws -> AttemptClaim {
        let lock = LimitKeys.lock(key.scope.rawValue + ":" + key.subject)
        let claim = try await database.write(locking: [lock]) { connection -> AttemptClaim in
            let times = try connection.query("""
                SELECT occurred_at FROM rate_limit_events WHERE scope = ? AND subject = ? AND occurred_at > ?
                """, key.scope.rawValue, key.subject, EpochMilliseconds.from(time - limit.lookback)).map {
                EpochMilliseconds.seconds(try $0.int64(0))
            }
            if let until = limit.nextAllowed(after: times, now: time) { return .refused(until: until) }
            guard let id = try connection.queryRow("""
                INSERT INTO rate_limit_events (scope, subject, occurred_at, expires_at) VALUES (?, ?, ?, ?) RETURNING id
                """, key.scope.rawValue, key.subject, EpochMilliseconds.from(time),
                EpochMilliseconds.from(time + limit.lookback))?.int64(0)
            else { throw SQLiteError(extendedCode: SQLite3.Code.error, message: "inserted rate limit event returned no id") }
            return .claimed(AttemptID(rawValue: id))
        }
        if pruning.isDue(at: time) {
            try await database.write { connection in
                try connection.execute("DELETE FROM rate_limit_events WHERE expires_at <= ?", EpochMilliseconds.from(time))
            }
        }
        return claim
    }

    public func release(_ claim: AttemptID) async throws {
        try await database.write { connection in
            try connection.execute("DELETE FROM rate_limit_events WHERE id = ?", claim.rawValue)
        }
    }
}
