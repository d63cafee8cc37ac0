import Foundation
import Storage

/// The PostgreSQL half of the suite: when `MARKETPLACE_TEST_POSTGRES_URL` is set (by
/// `scripts/test.sh`), every server a test starts stores its data in a schema of its own in
/// that database, named after its data directory, so a restart on the same directory finds
/// its data again, and tests share nothing.
enum TestPostgres {
    /// The database the PostgreSQL run uses, or nil for the SQLite run.
    static let baseURL: String? = ProcessInfo.processInfo.environment["MARKETPLACE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var isActive: Bool { baseURL != nil }

    /// The `storage.url` for the server whose data directory is `dataDir` (its schema is
    /// created on first use), or nil on the SQLite run.
    static func storageURL(forDataDir dataDir: String) throws -> String? {
        guard let baseURL else { return nil }
        let schema = schemaName(dataDir)
        try PostgresAdmin.execute(url: baseURL, "CREATE SCHEMA IF NOT EXISTS \(schema)")
        return PostgresAdmin.url(baseURL, searchPath: schema)
    }

    /// The database a test inspects directly: the server's own (SQLite file or schema).
    static func openDatabase(dataDir: String, readerCount: Int = 2) throws -> Database {
        if let url = try storageURL(forDataDir: dataDir) {
            return try Database(postgres: url, migrations: PostgresSchema.migrations, poolSize: 2)
        }
        return try Database(path: dataDir + "/marketplace.sqlite", migrations: SQLiteSchema.migrations, readerCount: readerCount)
    }

    /// `t_` and 16 hex digits of FNV-1a over the path: a valid, stable identifier.
    static func schemaName(_ dataDir: String) -> String {
        let normalized = dataDir.hasSuffix("/") ? String(dataDir.dropLast()) : dataDir
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalized.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "t_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
