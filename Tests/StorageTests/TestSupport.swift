import Foundation
import Synchronization
import Storage

/// A fresh directory per test, removed afterwards, so file-backed tests share nothing.
enum TemporaryDirectory {
    static func with<T>(_ body: (String) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("StorageTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url.path)
    }
}

/// A thread-safe boolean that closures running on the database's queues can set.
final class Flag: Sendable {
    private let state = Mutex(false)
    var isSet: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}

/// An error thrown from inside a transaction on purpose.
struct DeliberateError: Error, Equatable {}

extension Migration {
    /// `items(id, name UNIQUE)`, the table most tests use.
    static let items = Migration(
        name: "0001_items",
        sql: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"
    )
}

extension Database {
    /// An in-memory database with the `items` table.
    static func makeInMemory(migrations: [Migration] = [.items]) throws -> Database {
        try Database(path: ":memory:", migrations: migrations)
    }

    /// How many rows `items` holds.
    func itemCount() async throws -> Int {
        try await read { try $0.queryRow("SELECT count(*) FROM items")?.int(0) ?? -1 }
    }

    /// The names in `items`, by id.
    func itemNames() async throws -> [String] {
        try await read { connection in
            try connection.query("SELECT name FROM items ORDER BY id").map { try $0.string(0) }
        }
    }
}

/// The database a repository test runs against: the SQLite schema in memory, or — when
/// `MARKETPLACE_TEST_POSTGRES_URL` is set (the PostgreSQL half of `scripts/test.sh`) — the
/// PostgreSQL schema in a fresh schema of that database. One repository suite, both backends.
enum RepositoryDatabase {
    static let postgresURL: String? = ProcessInfo.processInfo.environment["MARKETPLACE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static func make() throws -> Database {
        guard let postgresURL else {
            return try Database(path: ":memory:", migrations: SQLiteSchema.migrations)
        }
        let schema = "r_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresAdmin.execute(url: postgresURL, "CREATE SCHEMA \(schema)")
        return try Database(postgres: PostgresAdmin.url(postgresURL, searchPath: schema),
                            migrations: PostgresSchema.migrations, poolSize: 4)
    }
}
