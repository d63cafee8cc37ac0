@testable import Storage
import Testing

struct ConnectionTests {
    @Test("the same SQL text reuses one cached prepared statement")
    func statementCache() async throws {
        let database = try Database.makeInMemory()
        let (sameStatement, growth) = try await database.write { connection in
            let sql = "INSERT INTO items (name) VALUES (?)"
            try connection.execute(sql, "a")
            let first = try connection.statement(for: sql)
            let countAfterFirst = connection.cachedStatementCount
            try connection.execute(sql, "b")
            try connection.execute(sql, "c")
            let second = try connection.statement(for: sql)
            return (first === second, connection.cachedStatementCount - countAfterFirst)
        }
        #expect(sameStatement)
        #expect(growth == 0)
        #expect(try await database.itemNames() == ["a", "b", "c"])
    }

    @Test("execute counts changed rows, and 0 for queries and DDL")
    func changeCounts() async throws {
        let database = try Database.makeInMemory()
        let counts = try await database.write { connection in
            [
                try connection.execute("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')"),
                try connection.execute("SELECT * FROM items"),
                try connection.execute("CREATE TABLE other (x)"),
                try connection.execute("UPDATE items SET name = name || '!' WHERE name <> ?", "b"),
                try connection.execute("DELETE FROM items WHERE name = ?", "nobody"),
            ]
        }
        #expect(counts == [3, 0, 0, 2, 0])
    }

    @Test("lastInsertRowID is the id of the row just inserted")
    func lastInsertRowID() async throws {
        let database = try Database.makeInMemory()
        let (id, stored) = try await database.write { connection in
            try connection.execute("INSERT INTO items (name) VALUES (?)", "first")
            try connection.execute("INSERT INTO items (name) VALUES (?)", "second")
            let id = connection.lastInsertRowID
            return (id, try connection.queryRow("SELECT name FROM items WHERE id = ?", id)?.string("name"))
        }
        #expect(id == 2)
        #expect(stored == "second")
    }

    @Test("executeScript runs every statement, skipping comments and empty ones")
    func script() async throws {
        let database = try Database.makeInMemory(migrations: [])
        let names = try await database.write { connection in
            try connection.executeScript("""
                -- a comment first
                CREATE TABLE a (x);;
                INSERT INTO a VALUES (1);
                ;
                CREATE TABLE b (y); -- trailing comment
                """)
            let tables = try connection.query("SELECT name FROM sqlite_schema WHERE name IN ('a', 'b') ORDER BY name")
            return try tables.map { try $0.string(0) } + [String(try connection.queryRow("SELECT count(*) FROM a")?.int(0) ?? 0)]
        }
        #expect(names == ["a", "b", "1"])
    }

    @Test("execute refuses a string with two statements instead of running only the first")
    func twoStatements() async throws {
        let database = try Database.makeInMemory()
        await #expect(throws: SQLiteError.self) {
            try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('a'); DELETE FROM items") }
        }
        #expect(try await database.itemCount() == 0)
    }

    @Test("queryRow returns nil when nothing matches")
    func noRow() async throws {
        let database = try Database.makeInMemory()
        let row = try await database.read { try $0.queryRow("SELECT * FROM items WHERE id = ?", 7) }
        #expect(row == nil)
    }
}
