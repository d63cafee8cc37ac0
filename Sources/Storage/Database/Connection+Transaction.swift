extension Connection {
    /// How a transaction takes its locks.
    enum TransactionKind: String {
        /// Takes the write lock at BEGIN, so a busy database fails (or waits) up front rather
        /// than at the first write, where SQLite could not retry without deadlocking.
        case immediate = "BEGIN IMMEDIATE"
        /// Takes a read snapshot at the first read; every later read sees the same snapshot.
        case deferred = "BEGIN DEFERRED"
    }

    /// Runs `body` in one transaction: COMMIT when it returns, ROLLBACK when anything throws.
    ///
    /// The first error wins: a failing ROLLBACK is ignored (SQLite may already have rolled
    /// back by itself, for example after SQLITE_FULL), and the body's error is rethrown.
    func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try execute(kind.rawValue)
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isInTransaction { _ = try? execute("ROLLBACK") }
            throw error
        }
    }
}
