public import Marketplace

/// `Idempotency-Key` records in the `idempotency_keys` table. Every operation is one write
/// transaction (`BEGIN IMMEDIATE`), so a claim's read-then-write cannot interleave with
/// another's; the UNIQUE (user_id, idempotency_key) constraint makes the INSERT itself the
/// arbiter, as it will be on a database that several servers share.
public struct IdempotencyKeyStore: IdempotencyStore {
    let database: Database
    /// How many expired records one claim deletes on the side (bounded, so a claim stays cheap).
    let sweepBatch: Int

    /// Creates the store over an opened, migrated database.
    public init(database: Database, sweepBatch: Int = 32) {
        self.database = database
        self.sweepBatch = sweepBatch
    }

    public func claim(account: UserID, key: IdempotencyKey, fingerprint: String, now: Double, lease: Double,
                      retention: Double) async throws -> IdempotencyClaim {
        let sweepBatch = sweepBatch
        return try await database.write { connection in
            let now = EpochMilliseconds.from(now)
            let expiredAtOrBefore = now - EpochMilliseconds.from(retention)
            let lockedUntil = now + EpochMilliseconds.from(lease)
            // Retention: this key's own expired record never counts, and a few of the oldest
            // expired ones go too, so the table holds about a day of keys without a sweeper.
            try connection.execute("DELETE FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ? AND created_at <= ?",
                                   account.rawValue, key.rawValue, expiredAtOrBefore)
            try Self.deleteExpired(connection, createdAtOrBefore: expiredAtOrBefore, limit: sweepBatch)
            let inserted = try connection.execute("""
                INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, state, attempt, locked_until, created_at)
                VALUES (?, ?, ?, 'IN_FLIGHT', 1, ?, ?)
                ON CONFLICT (user_id, idempotency_key) DO NOTHING
                """, account.rawValue, key.rawValue, fingerprint, lockedUntil, now)
            if inserted == 1 { return .claimed(IdempotencyLease(account: account, key: key, attempt: 1)) }

            guard let row = try connection.queryRow("""
                SELECT id, fingerprint, state, attempt, locked_until, response_status, response_headers, response_body
                FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?
                """, account.rawValue, key.rawValue)
            else { throw SQLiteError(extendedCode: SQLite3.Code.misuse, message: "idempotency record vanished inside its transaction") }
            if try row.string("fingerprint") != fingerprint { return .fingerprintMismatch }
            if try row.string("state") == "COMPLETED" {
                return .replay(StoredResponse(status: try row.int("response_status"),
                                              headers: Self.decodeHeaders(try row.stringOrNil("response_headers") ?? ""),
                                              body: try row.blob("response_body")))
            }
            if try row.int64("locked_until") > now { return .inProgress }
            // The lease ran out: the server running it died (or lost the database) mid-request.
            let attempt = try row.int64("attempt") + 1
            try connection.execute("UPDATE idempotency_keys SET attempt = ?, locked_until = ? WHERE id = ?",
                                   attempt, lockedUntil, try row.int64("id"))
            return .claimed(IdempotencyLease(account: account, key: key, attempt: attempt))
        }
    }

    public func renew(_ lease: IdempotencyLease, until: Double) async throws -> Bool {
        try await database.write { connection in
            try connection.execute("""
                UPDATE idempotency_keys SET locked_until = ?
                WHERE user_id = ? AND idempotency_key = ? AND attempt = ? AND state = 'IN_FLIGHT'
                """, EpochMilliseconds.from(until), lease.account.rawValue, lease.key.rawValue, lease.attempt) == 1
        }
    }

    public func complete(_ lease: IdempotencyLease, response: StoredResponse, now: Double) async throws -> Bool {
        try await database.write { connection in
            try connection.execute("""
                UPDATE idempotency_keys
                SET state = 'COMPLETED', locked_until = NULL, completed_at = ?,
                    response_status = ?, response_headers = ?, response_body = ?
                WHERE user_id = ? AND idempotency_key = ? AND attempt = ? AND state = 'IN_FLIGHT'
                """, EpochMilliseconds.from(now), response.status, Self.encodeHeaders(response.headers), response.body,
                lease.account.rawValue, lease.key.rawValue, lease.attempt) == 1
        }
    }

    public func release(_ lease: IdempotencyLease) async throws {
        try await database.write { connection in
            try connection.execute("""
                DELETE FROM idempotency_keys
                WHERE user_id = ? AND idempotency_key = ? AND attempt = ? AND state = 'IN_FLIGHT'
                """, lease.account.rawValue, lease.key.rawValue, lease.attempt)
        }
    }

    public func purge(createdAtOrBefore cutoff: Double, limit: Int) async throws -> Int {
        try await database.write { connection in
            try Self.deleteExpired(connection, createdAtOrBefore: EpochMilliseconds.from(cutoff), limit: limit)
        }
    }

    @discardableResult
    private static func deleteExpired(_ connection: Connection, createdAtOrBefore cutoff: Int64, limit: Int) throws -> Int {
        // DELETE … LIMIT needs a compile-time option in SQLite and does not exist in PostgreSQL;
        // a primary-key subquery on the index works on both.
        try connection.execute("""
            DELETE FROM idempotency_keys WHERE id IN
                (SELECT id FROM idempotency_keys WHERE created_at <= ? ORDER BY created_at LIMIT ?)
            """, cutoff, limit)
    }

    /// One `Name: value` per line: our own response headers never hold a line break.
    static func encodeHeaders(_ fields: [StoredResponse.Field]) -> String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    static func decodeHeaders(_ text: String) -> [StoredResponse.Field] {
        text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            return StoredResponse.Field(name: String(line[..<colon]), value: String(value))
        }
    }
}
