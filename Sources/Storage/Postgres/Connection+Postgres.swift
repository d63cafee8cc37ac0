extension Connection {
    /// How a PostgreSQL transaction isolates itself.
    enum PostgresTransaction: String {
        /// Writes: SERIALIZABLE, so that a write that reads and then decides behaves exactly as
        /// it does on SQLite's single writer, even with several servers; a conflict aborts one
        /// side with 40001, which `Database.write` retries from the start.
        case write = "BEGIN ISOLATION LEVEL SERIALIZABLE"
        /// Reads: one snapshot for every query of the body, like a SQLite read transaction.
        case read = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
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
