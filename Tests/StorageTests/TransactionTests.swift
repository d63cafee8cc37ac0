import Storage
import Testing

struct TransactionTests {
    @Test("a thrown error rolls back every change of the write")
    func rollback() async throws {
        let database = try Database.makeInMemory()
        await #expect(throws: DeliberateError()) {
            try await database.write { connection in
                try connection.execute("INSERT INTO items (name) VALUES (?)", "one")
                try connection.execute("INSERT INTO items (name) VALUES (?)", "two")
                throw DeliberateError()
            }
        }
        #expect(try await database.itemCount() == 0)
    }

    @Test("the first error wins and the earlier statements of the write are undone")
    func firstErrorWins() async throws {
        let database = try Database.makeInMemory()
        try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('taken')") }
        let error = await #expect(throws: SQLiteError.self) {
            try await database.write { connection in
                try connection.execute("INSERT INTO items (name) VALUES ('new')")
                try connection.execute("INSERT INTO items (name) VALUES ('taken')")
            }
        }
        #expect(error?.isConstraintUnique == true)
        #expect(try await database.itemNames() == ["taken"])
    }

    @Test("a write after a rolled-back one starts cleanly")
    func writeAfterRollback() async throws {
        let database = try Database.makeInMemory()
        _ = try? await database.write { _ in throw DeliberateError() }
        try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('after')") }
        #expect(try await database.itemNames() == ["after"])
    }

    @Test("a committed write persists after closing and reopening the file")
    func commitPersists() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/persist.sqlite"
            let first = try Database(path: path, migrations: [.items])
            try await first.write { try $0.execute("INSERT INTO items (name) VALUES (?)", "durable") }
            await first.close()

            let reopened = try Database(path: path, migrations: [.items])
            #expect(try await reopened.itemNames() == ["durable"])
            await reopened.close()
        }
    }
}
