public import Marketplace

/// Accounts in the `users` table.
public struct UserStore: UserRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    public func create(_ account: NewAccount, passwordHash: String, createdAt: Double) async throws -> User {
        do {
            return try await database.write { connection in
                guard let row = try connection.queryRow("""
                    INSERT INTO users (email, email_normalized, password_hash, name, phone, role, status, email_verified, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)
                    RETURNING \(User.columns)
                    """, account.email.value, account.email.normalized, passwordHash, account.name, account.phone,
                    account.role.rawValue, account.emailVerified, EpochMilliseconds.from(createdAt)) else {
                    throw SQLiteError(extendedCode: SQLite3.Code.error, message: "inserted user not found")
                }
                return try User(row: row)
            }
        } catch where DatabaseErrors.isUniqueViolation(error) {
            // The only UNIQUE column of users is email_normalized.
            throw MarketplaceError.conflict(code: "EMAIL_TAKEN", detail: "An account with this email already exists.")
        }
    }

    public func find(_ id: UserID) async throws -> User? {
        try await database.read { connection in
            try connection.queryRow("SELECT \(User.columns) FROM users WHERE id = ?", id.rawValue).map(User.init(row:))
        }
    }

    public func credentials(forEmail email: String) async throws -> UserCredentials? {
        try await database.read { connection in
            guard let row = try connection.queryRow(
                "SELECT \(User.columns), password_hash FROM users WHERE email_normalized = ?", email)
            else { return nil }
            return UserCredentials(user: try User(row: row), passwordHash: try row.string("password_hash"))
        }
    }

    public func list(_ query: UserQuery) async throws -> Page<User> {
        var conditions: [String] = []
        var bindings: [any SQLBindable] = []
        if let role = query.role { conditions.append("role = ?"); bindings.append(role.rawValue) }
        if let status = query.status { conditions.append("status = ?"); bindings.append(status.rawValue) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let page = query.page
        return try await database.read { [bindings] connection in
            let total = try connection.queryRow("SELECT count(*) FROM users\(filter)", bindings: bindings)?.int(0) ?? 0
            let rows = try connection.query("SELECT \(User.columns) FROM users\(filter) ORDER BY id LIMIT ? OFFSET ?",
                                            bindings: bindings + [page.size, page.offset])
            return Page(items: try rows.map(User.init(row:)), request: page, totalItems: total)
        }
    }

    /// One UPDATE sets the fields given (the others keep their values).
    public func updateProfile(_ update: ProfileUpdate, of id: UserID) async throws -> User? {
        try await database.write { connection in
            try connection.queryRow("""
                UPDATE users SET name = coalesce(?, name), phone = coalesce(?, phone), locale = coalesce(?, locale) WHERE id = ?
                RETURNING \(User.columns)
                """, update.name, update.phone, update.locale?.rawValue, id.rawValue).map(User.init(row:))
        }
    }

    /// One transaction makes the account's status and its products' `seller_suspended` flag
    /// agree (migration 0014): a listing, cart or order placement reads both as of one moment,
    /// and on PostgreSQL a placement that decremented one of the products conflicts with it and
    /// is retried. Webhook deliveries read `users.status` itself (`EventDispatch`).
    public func setStatus(_ status: UserStatus, of id: UserID) async throws -> User? {
        try await database.write { connection in
            try connection.execute("UPDATE users SET status = ? WHERE id = ?", status.rawValue, id.rawValue)
            let suspended = status == .suspended ? 1 : 0
            try connection.execute("UPDATE products SET seller_suspended = ? WHERE seller_id = ? AND seller_suspended <> ?",
                                   suspended, id.rawValue, suspended)
            return try connection.queryRow("SELECT \(User.columns) FROM users WHERE id = ?", id.rawValue).map(User.init(row:))
        }
    }
}
