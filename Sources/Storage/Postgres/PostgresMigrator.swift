/// Applies `Migration`s to a PostgreSQL schema in order, each in its own transaction, and
/// records them in `schema_migrations`, like the SQLite `Migrator`.
///
/// Several servers may start at once on one database: an advisory lock makes them migrate
/// one at a time, and each looks at the recorded history only once it holds the lock.
struct PostgresMigrator {
    /// The advisory lock key the migrators share (product ids, the other advisory keys, are positive).
    static let lockKey: Int64 = -7_220_100_901

    let migrations: [Migration]

    func migrate(_ connection: PostgresConnection) throws {
        var seen = Set<String>()
        for migration in migrations where !seen.insert(migration.name).inserted {
            throw MigrationError.duplicateName(migration.name)
        }
        _ = try connection.run("SELECT pg_advisory_lock(CAST(? AS BIGINT))", [.integer(Self.lockKey)])
        defer { _ = try? connection.run("SELECT pg_advisory_unlock(CAST(? AS BIGINT))", [.integer(Self.lockKey)]) }
        try connection.script("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                position BIGINT PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL UNIQUE,
                applied_at TEXT NOT NULL
            )
            """)
        let applied = try verifiedHistory(connection)
        for index in applied..<migrations.count {
            let migration = migrations[index]
            try connection.script("BEGIN")
            do {
                do {
                    try connection.script(migration.sql)
                } catch let error as PostgresError {
                    throw MigrationError.failedOnPostgres(name: migration.name, error)
                }
                _ = try connection.run("""
                    INSERT INTO schema_migrations (position, name, applied_at)
                    VALUES (?, ?, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                    """, [.integer(Int64(index)), .text(migration.name)])
                try connection.script("COMMIT")
            } catch {
                if connection.isInTransaction { _ = try? connection.script("ROLLBACK") }
                throw error
            }
        }
    }

    /// Checks that the recorded names are a prefix of the list and returns how many there are.
    private func verifiedHistory(_ connection: PostgresConnection) throws -> Int {
        let recorded = try connection.run("SELECT name FROM schema_migrations ORDER BY position", []).rows.map { try $0.string(0) }
        return try Migration.verifiedPrefix(recorded, of: migrations)
    }
}
