import Dispatch
import Storage
import Testing

@Suite("Group commit: concurrent writes share transactions, each stays atomic")
struct GroupCommitTests {
    @Test("400 concurrent writes all commit, in fewer transactions than writes, and survive a reopen")
    func concurrentWritesShareCommits() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/group.sqlite"
            let database = try Database(path: path, migrations: [.items])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<400 {
                    group.addTask {
                        try await database.write { connection in
                            try connection.execute("INSERT INTO items (name) VALUES (?)", "item \(n)")
                            try connection.execute("INSERT INTO items (name) VALUES (?)", "item \(n) twin")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let statistics = database.writeStatistics
            #expect(statistics.writes == 400)
            #expect(statistics.transactions < 400, "writes waiting together should have shared a commit")
            await database.close()

            let reopened = try Database(path: path, migrations: [.items])
            #expect(try await reopened.itemCount() == 800)
            await reopened.close()
        }
    }

    @Test("a failing write in a batch is undone alone: the others of its transaction commit")
    func failuresStayIsolated() async throws {
        try await TemporaryDirectory.with { directory in
            let database = try Database(path: directory + "/isolated.sqlite", migrations: [.items])
            try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('taken')") }
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<200 {
                    group.addTask {
                        do {
                            try await database.write { connection in
                                try connection.execute("INSERT INTO items (name) VALUES (?)", "first \(n)")
                                switch n % 3 {
                                case 0: throw DeliberateError()                         // body fails after a write
                                case 1: try connection.execute("INSERT INTO items (name) VALUES ('taken')")  // constraint
                                default: try connection.execute("INSERT INTO items (name) VALUES (?)", "second \(n)")
                                }
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            for n in 0..<200 { #expect(outcomes[n] == (n % 3 == 2), "write \(n)") }
            let names = Set(try await database.itemNames())
            let expected = Set(["taken"] + (0..<200).filter { $0 % 3 == 2 }.flatMap { ["first \($0)", "second \($0)"] })
            #expect(names == expected)
            await database.close()
        }
    }

    @Test("writes queued together run in arrival order and each sees the ones before it")
    func serialOrder() async throws {
        try await TemporaryDirectory.with { directory in
            let database = try Database(path: directory + "/order.sqlite", migrations: [.items])
            // A write holds the writer until five more have queued behind it, one after another.
            let started = Flag()
            let release = DispatchSemaphore(value: 0)
            async let slow: Void = database.write { connection in
                try connection.execute("INSERT INTO items (name) VALUES ('0')")
                started.set()
                release.wait()
            }
            try await eventually { started.isSet }
            let before = database.writeStatistics.transactions
            var queued: [Task<Int, any Error>] = []
            for k in 1...5 {
                queued.append(Task {
                    try await database.write { connection in
                        let count = try connection.queryRow("SELECT count(*) FROM items")?.int(0) ?? -1
                        try connection.execute("INSERT INTO items (name) VALUES (?)", String(count))
                        return count
                    }
                })
                try await eventually { database.writeStatistics.waiting == k }
            }
            release.signal()
            var counts: [Int] = []
            for task in queued { counts.append(try await task.value) }
            try await slow
            #expect(counts == [1, 2, 3, 4, 5])
            #expect(database.writeStatistics.transactions - before == 1, "the five waited together and shared one commit")
            #expect(try await database.itemNames() == ["0", "1", "2", "3", "4", "5"])
            await database.close()
        }
    }
}

/// Polls `condition` every 5 ms for up to 30 s (a loaded CI machine is slow, never this slow).
private func eventually(_ condition: () -> Bool) async throws {
    for _ in 0..<6000 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    Issue.record("condition not met within 30 s")
}
