@testable import Storage
import Testing

struct SQLiteErrorTests {
    @Test("a UNIQUE violation maps to isConstraintUnique and never carries the bound value")
    func uniqueViolation() async throws {
        let secret = "alice.secret+42@example.com"
        let database = try Database.makeInMemory()
        try await database.write { try $0.execute("INSERT INTO items (name) VALUES (?)", secret) }
        let error = try #require(await #expect(throws: SQLiteError.self) {
            try await database.write { try $0.execute("INSERT INTO items (name) VALUES (?)", secret) }
        })
        #expect(error.isConstraintUnique && error.isConstraint)
        #expect(!error.isConstraintForeignKey && !error.isBusy)
        #expect(error.code == 19)
        #expect(error.extendedCode == 2067)
        #expect(error.message.contains("items.name"))
        for text in [error.message, error.description, String(reflecting: error), "\(error)"] {
            #expect(!text.contains(secret))
        }
    }

    @Test("a duplicate primary key also counts as a unique violation")
    func primaryKey() async throws {
        let database = try Database.makeInMemory(migrations: [])
        let error = await #expect(throws: SQLiteError.self) {
            try await database.write { connection in
                try connection.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
                try connection.execute("INSERT INTO t VALUES (?), (?)", "same", "same")
            }
        }
        #expect(error?.isConstraintUnique == true)
    }

    @Test("foreign keys are enforced and reported as such")
    func foreignKey() async throws {
        let orders = Migration(name: "0002_orders", sql: "CREATE TABLE orders (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id))")
        let database = try Database.makeInMemory(migrations: [.items, orders])
        let error = await #expect(throws: SQLiteError.self) {
            try await database.write { try $0.execute("INSERT INTO orders (item_id) VALUES (?)", 999) }
        }
        #expect(error?.isConstraintForeignKey == true)
    }

    @Test("NOT NULL and CHECK failures have their own helpers")
    func notNullAndCheck() async throws {
        let database = try Database.makeInMemory(migrations: [])
        try await database.write { try $0.execute("CREATE TABLE t (n INTEGER NOT NULL CHECK (n > 0))") }
        let notNull = await #expect(throws: SQLiteError.self) {
            try await database.write { try $0.execute("INSERT INTO t VALUES (?)", Int?.none) }
        }
        let check = await #expect(throws: SQLiteError.self) {
            try await database.write { try $0.execute("INSERT INTO t VALUES (?)", -5) }
        }
        #expect(notNull?.isConstraintNotNull == true)
        #expect(check?.isConstraintCheck == true)
    }

    @Test("busy and locked codes, extended or not, count as busy", arguments: [5, 6, 5 | (3 << 8), 5 | (2 << 8)])
    func busy(code: Int32) {
        #expect(SQLiteError(extendedCode: code, message: "").isBusy)
        #expect(!SQLiteError(extendedCode: 19, message: "").isBusy)
    }

    @Test("a syntax error carries SQLite's message")
    func syntaxError() async throws {
        let database = try Database.makeInMemory()
        let error = await #expect(throws: SQLiteError.self) {
            try await database.read { try $0.query("SELEC 1") }
        }
        #expect(error?.code == 1)
        #expect(error?.message.contains("syntax error") == true)
    }
}
