extension Connection {
    /// How long a connection waits for another process's lock before SQLITE_BUSY, in ms.
    /// Within this process the writer is serialized by its queue, so this only matters
    /// across processes (a backup, the sqlite3 shell) and for rare WAL-recovery locks.
    static let busyTimeoutMilliseconds = 5_000

    /// Page cache per connection: 8 MiB (a negative cache_size counts KiB, not pages).
    static let cacheSizeKiB = 8_192

    /// The single writer: WAL, the chosen durability, foreign keys enforced.
    func configureWriter(synchronous: Database.Synchronous, inMemory: Bool) throws {
        try configureCommon()
        if !inMemory {
            // journal_mode is persistent in the file, but setting it again is cheap and
            // also converts a database created by other tools. :memory: answers "memory".
            let mode = try queryRow("PRAGMA journal_mode = WAL")?.string(0)
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError(extendedCode: SQLite3.Code.error, message: "could not enable WAL journal mode")
            }
        }
        try execute("PRAGMA synchronous = \(synchronous.rawValue)")
    }

    /// A reader: read-only by its open flags, and `query_only` as a second guard.
    func configureReader() throws {
        try configureCommon()
        try execute("PRAGMA query_only = ON")
    }

    private func configureCommon() throws {
        try execute("PRAGMA busy_timeout = \(Self.busyTimeoutMilliseconds)")
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA cache_size = -\(Self.cacheSizeKiB)")
    }
}
