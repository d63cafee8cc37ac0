extension Connection {
    /// How a PostgreSQL transaction isolates itself.
    enum PostgresTransaction: String {
        /// Writes: REPEATABLE READ (snapshot isolation). A write that updates, deletes or
        /// locks a row another transaction changed after this one's snapshot fails with 40001
        /// and `Database.write` runs it again from the start, on a fresh snapshot — so the
        /// repositories' pattern (read a row, decide, guarded UPDATE of that row) is exactly
        /// as safe as on SQLite's single writer. The one pattern snapshot isolation does not
        /// cover, a decision over SEVERAL rows that inserts a new one (a count checked against
        /// a limit), calls `serializeWrites(onRowOf:)` first.
        ///
        /// Not SERIALIZABLE: measured, its predicate locks made order placement abort on
        /// conflicts it merely suspected (events and history appended by every order, read by
        /// the workers) often enough to exhaust the retries under load.
        case write = "BEGIN ISOLATION LEVEL REPEATABLE READ"
        /// Reads: one snapshot for every query of the body, like a SQLite read transaction.
        case read = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
    }

    /// Makes writes that decide over rows belonging to one parent row (a customer's cart
    /// lines, a product's images, an owner's webhook endpoints: "fewer than N, so insert one")
    /// conflict with each other: on PostgreSQL it rewrites the parent row unchanged, so of
    /// two such writes at once the second fails with 40001 and is run again on a snapshot
    /// that sees the first (snapshot isolation alone would let both insert: write skew).
    /// On SQLite, whose one writer already runs writes one at a time, it does nothing.
    /// `table` and `column` are literals of ours, never input.
    public func serializeWrites(onRowOf table: String, column: String, id: Int64) throws {
        guard dialect == .postgres else { return }
        try execute("UPDATE \(table) SET \(column) = \(column) WHERE id = ?", id)
    }

    /// Runs `body` in one PostgreSQL transaction: COMMIT when it returns, ROLLBACK when it throws.
    ///
    /// `locks` are taken first, in ascending order, as session advisory locks BEFORE the
    /// transaction begins and released after it ends: the transaction's snapshot is then taken
    /// while this session is the lock's only holder, so two servers serialize on a hot key
    /// instead of failing serialization and retrying; ascending order rules out deadlocks
    /// between lock holders.
    func postgresTransaction<T>(_ kind: PostgresTransaction, locks: [Int64] = [], _ body: () throws -> T) throws -> T {
        guard let postgres else { preconditionFailure("a PostgreSQL transaction on a SQLite connection") }
        let keys = Array(Set(locks)).sorted()
        for key in keys {
            _ = try postgres.run("SELECT pg_advisory_lock(CAST(? AS BIGINT))", [.integer(key)])
        }
        defer {
            if !keys.isEmpty { _ = try? postgres.script("SELECT pg_advisory_unlock_all()") }
        }
        try postgres.script(kind.rawValue)
        do {
            let value = try body()
            // A body that swallowed a failed statement left the transaction aborted; COMMIT
            // would quietly roll back, so refuse instead.
            guard !postgres.isAborted else {
                throw PostgresError(sqlState: "25P02", message: "the transaction was aborted by an earlier statement")
            }
            try postgres.script("COMMIT")
            return value
        } catch {
            if postgres.isInTransaction { _ = try? postgres.script("ROLLBACK") }
            throw error
        }
    }
}
