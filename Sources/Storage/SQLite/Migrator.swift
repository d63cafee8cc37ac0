/// Applies `Migration`s in order and records each in `schema_migrations`.
struct Migrator {
    let migrations: [Migration]

    func migrate(_ connection: Connection) throws {
        var seen = Set<String>()
        for migration in migrations where !seen.insert(migration.name).inserted {
            throw MigrationError.duplicateName(migration.name)
        }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
            """)
        let applied = try verifiedHistory(connection)
        for index in applied..<migrations.count {
            let migration = migrations[index]
            try connection.transaction(.immediate) {
                // Another process may have migrated since we looked; under the write lock we know.
                guard try verifiedHistory(connection) == index else { return }
                do {
                    try connection.executeScript(migration.sql)
                } catch let error as SQLiteError {
                    throw MigrationError.failed(name: migration.name, error)
                }
                try connection.execute("""
                    INSERT INTO schema_migrations (name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                    """, migration.name)
            }
        }
    }

    /// Checks that the recorded names are a prefix of the list and returns how many there are.
    private func verifiedHistory(_ connection: Connection) throws -> Int {
        // rowid order is insertion order: the table is append-only.
        let recorded = try connection.query("SELECT name FROM schema_migrations ORDER BY rowid").map { try $0.string(0) }
        return try Migration.verifiedPrefix(recorded, of: migrations)
    }
}
