import Storage
import Testing

struct BindingTests {
    static let storageClasses: [SQLValue] = [
        .integer(0), .integer(.min), .integer(.max),
        .real(3.25), .real(-1e300),
        .text(""), .text("plain"), .text("héllo 🌍 日本語 עברית"), .text("nul\u{0}inside"),
        .blob([]), .blob([0, 1, 0, 255, 0]), .blob(Array(repeating: 0, count: 1_000)),
        .null,
    ]

    @Test("every storage class round-trips unchanged, NULL included", arguments: storageClasses)
    func roundTrip(value: SQLValue) async throws {
        let database = try Database.makeInMemory(migrations: [])
        let read = try await database.write { connection in
            try connection.execute("CREATE TABLE t (v)")  // no type, so no affinity conversion
            try connection.execute("INSERT INTO t (v) VALUES (?)", value)
            return try connection.queryRow("SELECT v FROM t")?[0]
        }
        #expect(read == value)
    }

    @Test("Swift values bind and read back through their typed accessors")
    func swiftValues() async throws {
        let database = try Database.makeInMemory(migrations: [])
        let fetched = try await database.write { connection in
            try connection.execute("CREATE TABLE t (i INTEGER, i64 INTEGER, b INTEGER, d REAL, s TEXT, bytes BLOB, n TEXT, some INTEGER)")
            try connection.execute(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                42, Int64(1) << 40, true, 2.5, "ünïcode ✓", [0, 0, 7] as [UInt8], String?.none, Int?.some(5)
            )
            return try connection.queryRow("SELECT * FROM t")
        }
        // #require stays outside the closures: they run on the database's queue, not in the test's task.
        let row = try #require(fetched)
        #expect(try row.int("i") == 42 && row.int(0) == 42)
        #expect(try row.int64("i64") == 1 << 40)
        #expect(try row.bool("b") == true)
        #expect(try row.double("d") == 2.5)
        #expect(try row.string("s") == "ünïcode ✓")
        #expect(try row.blob("bytes") == [0, 0, 7])
        #expect(try row.stringOrNil("n") == nil)
        #expect(try row.intOrNil("some") == 5)
        #expect(try row.value("n", as: String?.self) == nil)
        #expect(row["n"] == .null)
        #expect(row.columns == ["i", "i64", "b", "d", "s", "bytes", "n", "some"])
    }

    @Test("reading NULL as a non-optional type throws, naming the column")
    func nullIntoNonOptional() async throws {
        let database = try Database.makeInMemory(migrations: [])
        let row = try #require(try await database.read { try $0.queryRow("SELECT NULL AS note") })
        let error = #expect(throws: SQLiteError.self) { try row.string("note") }
        #expect(error?.message.contains("note") == true)
    }

    @Test("reading a missing column or the wrong type throws")
    func missingColumnAndMismatch() async throws {
        let database = try Database.makeInMemory(migrations: [])
        let row = try #require(try await database.read { try $0.queryRow("SELECT 'text' AS word") })
        #expect(throws: SQLiteError.self) { try row.string("nope") }
        #expect(throws: SQLiteError.self) { try row.string(1) }
        let mismatch = #expect(throws: SQLiteError.self) { try row.int64("word") }
        #expect(mismatch?.message.contains("text") == true)
        #expect(mismatch?.message.contains("'text'") == false)  // the type is named, never the value
    }

    @Test("a wrong number of bindings is an error rather than a silent NULL")
    func bindingCount() async throws {
        let database = try Database.makeInMemory()
        await #expect(throws: SQLiteError.self) {
            try await database.write { try $0.execute("INSERT INTO items (id, name) VALUES (?, ?)", 1) }
        }
        #expect(try await database.itemCount() == 0)
    }
}
