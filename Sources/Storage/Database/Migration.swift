/// One named schema change, applied once, in order, in its own transaction.
///
/// Never edit, rename or remove a shipped migration: the database records the names it has
/// applied and refuses to open with a list whose start differs. The SQL may hold several
/// statements, but no BEGIN/COMMIT (the migrator wraps it) and no `PRAGMA foreign_keys`
/// (it is a no-op inside a transaction).
public struct Migration: Sendable, Equatable {
    /// A stable, unique name such as `"0001_create_users"`.
    public let name: String
    /// The statements to run.
    public let sql: String

    /// Creates a migration.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}

extension Migration {
    /// Checks that `recorded` — the names a database has applied, in order — is a prefix of
    /// `migrations`, and returns how many there are (both migrators start from it).
    static func verifiedPrefix(_ recorded: [String], of migrations: [Migration]) throws -> Int {
        for (index, name) in recorded.enumerated() {
            let expected = migrations.indices.contains(index) ? migrations[index].name : nil
            guard name == expected else {
                throw MigrationError.historyMismatch(index: index, recorded: name, expected: expected)
            }
        }
        return recorded.count
    }
}

/// Why migrating a database failed; the database is left at the last migration that succeeded.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database recorded `recorded` at position `index`, but the list has `expected`
    /// there (nil when the list is shorter): a shipped migration was renamed, removed or moved.
    case historyMismatch(index: Int, recorded: String, expected: String?)
    /// Two migrations in the list share a name.
    case duplicateName(String)
    /// The migration's SQL failed; nothing of it was kept and it was not recorded.
    case failed(name: String, SQLiteError)
    /// The migration's SQL failed on PostgreSQL; nothing of it was kept and it was not recorded.
    case failedOnPostgres(name: String, PostgresError)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .historyMismatch(index, recorded, expected):
            "migration \(index) is recorded as '\(recorded)' but the list has \(expected.map { "'\($0)'" } ?? "nothing") there"
        case let .duplicateName(name):
            "migration name '\(name)' appears more than once"
        case let .failed(name, error):
            "migration '\(name)' failed: \(error)"
        case let .failedOnPostgres(name, error):
            "migration '\(name)' failed: \(error)"
        }
    }
}
