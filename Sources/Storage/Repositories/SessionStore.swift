public import Marketplace

/// Login sessions in the `sessions` table, keyed by the SHA-256 of their token.
public struct SessionStore: SessionRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    public func create(userID: UserID, tokenHash: String, createdAt: Double, expiresAt: Double) async throws -> SessionID {
        try await database.write { connection in
            // Housekeeping on the account's own rows: sessions past their expiry are dead weight.
            try connection.execute("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?",
                                   userID.rawValue, EpochMilliseconds.from(createdAt))
            guard let id = try connection.queryRow("""
                INSERT INTO sessions (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?) RETURNING id
                """, userID.rawValue, tokenHash, EpochMilliseconds.from(createdAt), EpochMilliseconds.from(expiresAt))?.int64(0)
            else { throw SQLiteError(extendedCode: SQLite3.Code.error, message: "inserted session returned no id") }
            return SessionID(rawValue: id)
        }
    }

    public func active(tokenHash: String, now: Double) async throws -> ActiveSession? {
        try await database.read { connection in
            guard let row = try connection.queryRow("""
                SELECT s.id, s.user_id, s.expires_at, u.role, u.status
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?
                """, tokenHash, EpochMilliseconds.from(now))
            else { return nil }
            guard let role = Role(rawValue: try row.string("role")), let status = UserStatus(rawValue: try row.string("status")) else {
                return nil
            }
            return ActiveSession(id: SessionID(rawValue: try row.int64("id")), userID: UserID(rawValue: try row.int64("user_id")),
                                 role: role, status: status, expiresAt: EpochMilliseconds.seconds(try row.int64("expires_at")))
        }
    }

    public func revoke(_ id: SessionID, at time: Double) async throws {
        try await database.write { connection in
            try connection.execute("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                                   EpochMilliseconds.from(time), id.rawValue)
        }
    }

    public func revokeAll(of userID: UserID, at time: Double) async throws {
        try await database.write { connection in
            try connection.execute("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                                   EpochMilliseconds.from(time), userID.rawValue)
        }
    }
}
