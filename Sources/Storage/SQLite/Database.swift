/// A SQLite database: one writer connection and a few reader connections, each on its own
/// serial queue, which async callers await; SQLite never runs on a caller's thread.
///
/// Writes are serialized on the writer and each is atomic. Writes that arrive while the
/// writer is busy are committed together (`GroupCommitWriter`): one transaction, one WAL
/// sync, each write in its own savepoint, each caller resumed only after the COMMIT.
/// Reads run on read-only connections in WAL mode, so they never wait for the writer and
/// each sees one committed snapshot.
///
/// `:memory:` (and `""`, a private temporary database) cannot be shared between
/// connections without a shared cache, whose table locks would make readers wait for the
/// writer after all; so such databases have no readers, and `read` runs on the writer
/// (still in its own transaction). That is what unit tests want anyway.
public final class Database: Sendable {
    private let writer: SerialConnection
    private let group: GroupCommitWriter
    /// nil for in-memory databases or `readerCount: 0`: reads then go to the writer.
    private let readers: ReaderPool?

    /// Opens (creating if needed) the database at `path` and applies pending `migrations`.
    ///
    /// Blocks the calling thread while it migrates: call it at start-up, not while serving.
    public init(
        path: String,
        migrations: [Migration] = [],
        readerCount: Int = 2,
        synchronous: Synchronous = .full
    ) throws {
        let inMemory = path == ":memory:" || path.isEmpty
        let connection = try Connection(path: path, readOnly: false)
        try connection.configureWriter(synchronous: synchronous, inMemory: inMemory)
        try Migrator(migrations: migrations).migrate(connection)
        writer = SerialConnection(connection, label: "storage.sqlite.writer")
        group = GroupCommitWriter(writer: writer)
        // Readers open after migrating, so the file is in WAL mode and the schema is there.
        readers = inMemory || readerCount < 1 ? nil : try ReaderPool(path: path, count: readerCount)
    }

    /// Runs `body` atomically in a write transaction: its changes are committed (and synced)
    /// before this returns, or rolled back when it throws. Writes waiting together share one
    /// transaction, each in its own savepoint (group commit; see `GroupCommitWriter`), so a
    /// body must not run BEGIN, COMMIT or ROLLBACK itself.
    ///
    /// Rethrows the body's error (the first one wins), or an `SQLiteError`; throws
    /// `CancellationError` without touching the database if the task is already cancelled.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await group.write(body)
    }

    /// Write transactions run so far, the writes they carried (group commit's effect), and
    /// the writes waiting for the writer now.
    public var writeStatistics: (transactions: Int, writes: Int, waiting: Int) { group.statistics }

    /// Runs `body` in one read transaction on a reader, so all its queries see one snapshot.
    ///
    /// The snapshot is taken at the first query and holds the last committed write; an open
    /// write transaction is neither seen nor waited for.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let work: @Sendable (Connection) throws -> T = { connection in
            try connection.transaction(.deferred) { try body(connection) }
        }
        if let readers {
            return try await readers.run(work)
        }
        return try await writer.run(work)
    }

    /// Whether the database answers a query that reads the file; for readiness probes.
    public func ping() async -> Bool {
        do {
            return try await read { connection in
                try connection.queryRow("SELECT count(*) FROM sqlite_schema") != nil
            }
        } catch {
            return false
        }
    }

    /// Closes every connection once the work already enqueued has finished; later calls
    /// throw `SQLiteError` ("database is closed"). Closing the writer last checkpoints the WAL.
    public func close() async {
        await readers?.close()
        await writer.close()
    }
}
