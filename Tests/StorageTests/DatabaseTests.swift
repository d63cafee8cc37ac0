import Foundation
import Storage
import Testing

struct DatabaseTests {
    @Test("a read does not wait for a long write and sees the state before it")
    func readerDoesNotWaitForWriter() async throws {
        try await TemporaryDirectory.with { directory in
            let database = try Database(path: directory + "/wal.sqlite", migrations: [.items])
            try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('before')") }

            // The write transaction stays open until a read has completed (or 10 s pass). If
            // readers waited for the writer, the read could only finish after the timeout.
            // Both signals are given on the database's own threads, so a busy cooperative
            // pool (the rest of the suite runs in parallel) cannot make this test lie.
            let (inTransaction, signal) = AsyncStream.makeStream(of: Void.self)
            let readDone = DispatchSemaphore(value: 0)
            let readInsideWrite = Flag()
            let write = Task {
                try await database.write { connection in
                    try connection.execute("INSERT INTO items (name) VALUES ('during')")
                    signal.yield()
                    if readDone.wait(timeout: .now() + 10) == .success { readInsideWrite.set() }
                }
            }
            for await _ in inTransaction { break }

            let seen = try await database.read { connection in
                defer { readDone.signal() }
                return try connection.query("SELECT name FROM items ORDER BY id").map { try $0.string(0) }
            }

            try await write.value
            #expect(readInsideWrite.isSet)
            #expect(seen == ["before"])
            #expect(try await database.itemNames() == ["before", "during"])
            await database.close()
        }
    }

    @Test("many concurrent writes from parallel tasks all succeed")
    func concurrentWrites() async throws {
        try await TemporaryDirectory.with { directory in
            let database = try Database(path: directory + "/busy.sqlite", migrations: [.items], readerCount: 3)
            let writes = 200
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<writes {
                    group.addTask {
                        _ = try await database.write { try $0.execute("INSERT INTO items (name) VALUES (?)", "item \(index)") }
                    }
                    if index.isMultiple(of: 10) {
                        group.addTask { _ = try await database.itemCount() }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await database.itemCount() == writes)
            await database.close()
        }
    }

    @Test("ping is true while open and false after close; later calls throw")
    func pingAndClose() async throws {
        let database = try Database.makeInMemory()
        #expect(await database.ping())
        await database.close()
        #expect(await database.ping() == false)
        await #expect(throws: SQLiteError.self) { try await database.itemCount() }
    }

    @Test("ping works on a file database with readers")
    func pingFile() async throws {
        try await TemporaryDirectory.with { directory in
            let database = try Database(path: directory + "/ping.sqlite")
            #expect(await database.ping())
            await database.close()
            #expect(await database.ping() == false)
        }
    }

    @Test("an in-memory database serves reads from the writer, so reads see writes")
    func inMemoryReadsSeeWrites() async throws {
        let database = try Database.makeInMemory()
        try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('x')") }
        #expect(try await database.itemNames() == ["x"])
    }

    @Test("reader connections refuse writes")
    func readersAreReadOnly() async throws {
        try await TemporaryDirectory.with { directory in
            let database = try Database(path: directory + "/ro.sqlite", migrations: [.items])
            await #expect(throws: SQLiteError.self) {
                try await database.read { try $0.execute("INSERT INTO items (name) VALUES ('no')") }
            }
            #expect(try await database.itemCount() == 0)
            await database.close()
        }
    }

    @Test("the writer runs in WAL mode with the chosen synchronous level and foreign keys on",
          arguments: [(Database.Synchronous.full, 2), (.normal, 1)])
    func pragmas(synchronous: Database.Synchronous, expected: Int) async throws {
        try await TemporaryDirectory.with { directory in
            let database = try Database(path: directory + "/pragmas.sqlite", synchronous: synchronous)
            let (mode, level, foreignKeys, timeout) = try await database.write { connection in
                (
                    try connection.queryRow("PRAGMA journal_mode")?.string(0),
                    try connection.queryRow("PRAGMA synchronous")?.int(0),
                    try connection.queryRow("PRAGMA foreign_keys")?.int(0),
                    try connection.queryRow("PRAGMA busy_timeout")?.int(0)
                )
            }
            #expect(mode == "wal")
            #expect(level == expected)
            #expect(foreignKeys == 1)
            #expect(timeout == 5_000)
            await database.close()
        }
    }
}
