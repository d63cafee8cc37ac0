import Synchronization

/// Read-only connections, each on its own serial queue; a read goes to the least busy one.
///
/// In WAL mode a reader sees the last committed snapshot without waiting for the writer,
/// so reads run in parallel with each other and with the one write transaction.
final class ReaderPool: Sendable {
    private let readers: [SerialConnection]
    /// Reads enqueued or running, per reader.
    private let load: Mutex<[Int]>

    /// Opens `count` (at least one) read-only connections to the database file at `path`.
    init(path: String, count: Int) throws {
        readers = try (0..<max(count, 1)).map { index in
            let connection = try Connection(path: path, readOnly: true)
            try connection.configureReader()
            return SerialConnection(connection, label: "storage.sqlite.reader.\(index)")
        }
        load = Mutex(Array(repeating: 0, count: readers.count))
    }

    /// Runs `body` on the reader with the fewest reads waiting.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let index = load.withLock { load in
            let index = load.indices.min { load[$0] < load[$1] } ?? 0
            load[index] += 1
            return index
        }
        defer { load.withLock { $0[index] -= 1 } }
        return try await readers[index].run(body)
    }

    /// Closes every reader once its enqueued reads have finished.
    func close() async {
        for reader in readers {
            await reader.close()
        }
    }
}
