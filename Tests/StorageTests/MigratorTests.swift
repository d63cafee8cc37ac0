import Storage
import Testing

struct MigratorTests {
    static let log = Migration(name: "0001_log", sql: "CREATE TABLE log (entry TEXT NOT NULL); INSERT INTO log VALUES ('first')")
    static let second = Migration(name: "0002_second", sql: "INSERT INTO log VALUES ('second')")
    static let third = Migration(name: "0003_third", sql: "INSERT INTO log VALUES ('third')")

    static func entries(_ database: Database) async throws -> [String] {
        try await database.read { try $0.query("SELECT entry FROM log ORDER BY rowid").map { try $0.string(0) } }
    }

    static func recorded(_ database: Database) async throws -> [String] {
        try await database.read { connection in
            try connection.query("SELECT name, applied_at FROM schema_migrations ORDER BY rowid").map { row in
                #expect(try row.string("applied_at").hasSuffix("Z"))
                return try row.string("name")
            }
        }
    }

    @Test("migrations are applied in order and recorded by name")
    func appliedInOrder() async throws {
        let database = try Database.makeInMemory(migrations: [Self.log, Self.second, Self.third])
        #expect(try await Self.entries(database) == ["first", "second", "third"])
        #expect(try await Self.recorded(database) == ["0001_log", "0002_second", "0003_third"])
    }

    @Test("reopening never re-applies a migration, and applies only the new ones")
    func notReapplied() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/migrations.sqlite"
            try await Database(path: path, migrations: [Self.log, Self.second]).close()
            try await Database(path: path, migrations: [Self.log, Self.second]).close()
            let database = try Database(path: path, migrations: [Self.log, Self.second, Self.third])
            #expect(try await Self.entries(database) == ["first", "second", "third"])
            #expect(try await Self.recorded(database) == ["0001_log", "0002_second", "0003_third"])
            await database.close()
        }
    }

    @Test("a failing migration leaves no partial schema and is not recorded")
    func failingMigration() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/failing.sqlite"
            let broken = Migration(name: "0002_broken", sql: """
                CREATE TABLE tags (id INTEGER PRIMARY KEY);
                INSERT INTO log VALUES ('partial');
                INSERT INTO missing_table VALUES (1);
                """)
            let error = #expect(throws: MigrationError.self) {
                _ = try Database(path: path, migrations: [Self.log, broken])
            }
            guard case .failed(let name, let cause) = error else {
                Issue.record("expected .failed, got \(String(describing: error))")
                return
            }
            #expect(name == "0002_broken")
            #expect(cause.message.contains("missing_table"))

            let database = try Database(path: path, migrations: [Self.log])
            let tags = try await database.read { try $0.queryRow("SELECT 1 FROM sqlite_schema WHERE name = 'tags'") }
            #expect(tags == nil)
            #expect(try await Self.entries(database) == ["first"])
            #expect(try await Self.recorded(database) == ["0001_log"])
            await database.close()
        }
    }

    @Test("a renamed or removed shipped migration is refused")
    func historyMismatch() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/history.sqlite"
            try await Database(path: path, migrations: [Self.log, Self.second]).close()

            let renamed = Migration(name: "0002_renamed", sql: Self.second.sql)
            #expect(throws: MigrationError.historyMismatch(index: 1, recorded: "0002_second", expected: "0002_renamed")) {
                _ = try Database(path: path, migrations: [Self.log, renamed])
            }
            #expect(throws: MigrationError.historyMismatch(index: 1, recorded: "0002_second", expected: nil)) {
                _ = try Database(path: path, migrations: [Self.log])
            }
            #expect(throws: MigrationError.historyMismatch(index: 0, recorded: "0001_log", expected: "0002_second")) {
                _ = try Database(path: path, migrations: [Self.second, Self.log])
            }
        }
    }

    @Test("two migrations with one name are refused")
    func duplicateNames() {
        #expect(throws: MigrationError.duplicateName("0001_log")) {
            _ = try Database.makeInMemory(migrations: [Self.log, Self.log])
        }
    }
}
