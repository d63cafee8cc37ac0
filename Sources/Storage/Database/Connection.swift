/// One database connection, reachable only inside `Database.write` and `Database.read`
/// closures, which run on the database's own threads: SQLite, or PostgreSQL through
/// `PostgresConnection` (then the same SQL text runs there, `?` placeholders rewritten).
///
/// Not `Sendable` on purpose: it belongs to the serial queue that owns it. Statements are
/// prepared once per SQL text and cached for the life of the connection.
public final class Connection {
    /// How many prepared statements one connection keeps; our SQL is a fixed set of literals.
    static let statementCacheCapacity = 256

    private var handle: OpaquePointer?
    private var statements: [String: Statement] = [:]
    /// Set for a PostgreSQL connection; then `handle` is nil and every call goes here.
    let postgres: PostgresConnection?

    init(path: String, readOnly: Bool) throws {
        handle = try SQLite3.open(path: path, readOnly: readOnly)
        postgres = nil
    }

    init(postgres: PostgresConnection) {
        self.postgres = postgres
    }

    /// Which SQL dialect this connection speaks, for the rare statement that differs.
    public var dialect: SQLDialect { postgres == nil ? .sqlite : .postgres }

    deinit {
        close()
    }

    /// Finalizes the cached statements, then closes; later calls throw `SQLiteError.closed`.
    func close() {
        postgres?.close()
        statements.removeAll()
        if let handle { SQLite3.close(handle) }
        handle = nil
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ bindings: any SQLBindable...) throws -> Int {
        try execute(sql, bindings: bindings)
    }

    /// Runs one statement with an array of bindings and returns how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, bindings: [any SQLBindable]) throws -> Int {
        if let postgres { return try postgres.run(sql, bindings.map(\.sqlValue)).changed }
        let handle = try openHandle()
        let before = SQLite3.totalChanges(handle)
        try statement(for: sql).run(bindings.map(\.sqlValue))
        // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE, so a SELECT or DDL
        // would report a stale number; the total only moves when this statement changed rows.
        return SQLite3.totalChanges(handle) == before ? 0 : Int(SQLite3.changes(handle))
    }

    /// Runs one query and returns all its rows.
    public func query(_ sql: String, _ bindings: any SQLBindable...) throws -> [Row] {
        try query(sql, bindings: bindings)
    }

    /// Runs one query with an array of bindings and returns all its rows.
    public func query(_ sql: String, bindings: [any SQLBindable]) throws -> [Row] {
        if let postgres { return try postgres.run(sql, bindings.map(\.sqlValue)).rows }
        let statement = try statement(for: sql)
        var rows: [Row] = []
        var columns: [String]?
        try statement.run(bindings.map(\.sqlValue)) { statement in
            let names = columns ?? statement.columnNames()
            columns = names
            rows.append(statement.currentRow(columns: names))
        }
        return rows
    }

    /// Runs one query and returns its first row, or nil when it has none.
    public func queryRow(_ sql: String, _ bindings: any SQLBindable...) throws -> Row? {
        try query(sql, bindings: bindings).first
    }

    /// Runs one query with an array of bindings and returns its first row, if any.
    public func queryRow(_ sql: String, bindings: [any SQLBindable]) throws -> Row? {
        try query(sql, bindings: bindings).first
    }

    /// Runs several `;`-separated statements without bindings (migrations); not cached.
    public func executeScript(_ sql: String) throws {
        if let postgres { try postgres.script(sql); return }
        let handle = try openHandle()
        try SQLite3.forEachStatement(in: sql, on: handle) { statement in
            while try SQLite3.step(statement, on: handle) {}
        }
    }

    /// The rowid of the most recent successful INSERT on this connection.
    /// SQLite only: PostgreSQL has no rowid, so portable code uses `INSERT … RETURNING id`.
    public var lastInsertRowID: Int64 {
        precondition(postgres == nil, "lastInsertRowID on PostgreSQL: use INSERT … RETURNING id")
        return handle.map(SQLite3.lastInsertRowID) ?? 0
    }

    /// Whether a transaction is open (false in autocommit mode or when closed).
    var isInTransaction: Bool {
        if let postgres { return postgres.isInTransaction }
        return handle.map { !SQLite3.isAutocommit($0) } ?? false
    }

    /// The cached statement for `sql`, preparing it on first use.
    func statement(for sql: String) throws -> Statement {
        if let cached = statements[sql] { return cached }
        let statement = try Statement(sql, on: try openHandle(), persistent: true)
        if statements.count >= Self.statementCacheCapacity {
            // Not LRU: reaching the cap means SQL is being built dynamically, and any entry will do.
            statements.remove(at: statements.startIndex)
        }
        statements[sql] = statement
        return statement
    }

    /// How many statements are cached, for tests.
    var cachedStatementCount: Int { statements.count }

    private func openHandle() throws -> OpaquePointer {
        guard let handle else { throw SQLiteError.closed }
        return handle
    }
}

/// Connections stay on the queue that owns them.
@available(*, unavailable)
extension Connection: Sendable {}
