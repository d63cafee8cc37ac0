import Synchronization

/// The database: SQLite (one file, one server) or PostgreSQL (one database, any number of
/// servers). Repositories see only `write`, `read` and the `Connection` they are handed,
/// and run the same SQL on both (`Connection.dialect` for the rare difference).
///
/// **SQLite**: one writer connection and a few reader connections, each on its own
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
///
/// **PostgreSQL**: a pool of connections (`PostgresPool`). Each write is its own REPEATABLE
/// READ transaction (see `Connection.PostgresTransaction.write` for why that keeps the
/// repositories' read-decide-guarded-UPDATE writes as safe as on SQLite's single writer,
/// across servers too); a write that loses a conflict or a deadlock is rolled back by
/// PostgreSQL and run again from the start here (up to `maxWriteAttempts`), so a body must
/// have no effects outside the database. Reads run in REPEATABLE READ, READ ONLY
/// transactions: one snapshot per read.
public final class Database: Sendable {
    private enum Backend: Sendable {
        case sqlite(writer: SerialConnection, group: GroupCommitWriter, readers: ReaderPool?)
        case postgres(PostgresPool)
    }

    /// How often a PostgreSQL write runs before a serialization failure reaches its caller.
    static let maxWriteAttempts = 30

    private let backend: Backend
    private let postgresCounters = Mutex((transactions: 0, writes: 0, retries: 0))

    /// Which database this is.
    public var dialect: SQLDialect {
        if case .postgres = backend { .postgres } else { .sqlite }
    }

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
        let writer = SerialConnection(connection, label: "storage.sqlite.writer")
        // Readers open after migrating, so the file is in WAL mode and the schema is there.
        let readers = inMemory || readerCount < 1 ? nil : try ReaderPool(path: path, count: readerCount)
        backend = .sqlite(writer: writer, group: GroupCommitWriter(writer: writer), readers: readers)
    }

    /// Connects to the PostgreSQL database at `url` (a libpq connection URI such as
    /// `postgres://user@127.0.0.1:5432/marketplace`), applies pending `migrations` (one
    /// server at a time), and pools up to `poolSize` connections.
    ///
    /// Blocks the calling thread while it connects and migrates: call it at start-up.
    public init(postgres url: String, migrations: [Migration] = [], poolSize: Int = 16) throws {
        let first = try PostgresConnection(url: url)
        try PostgresMigrator(migrations: migrations).migrate(first)
        backend = .postgres(PostgresPool(url: url, capacity: poolSize, first: first))
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
        try await write(locking: [], body)
    }

    /// `write`, holding the advisory locks `keys` (product ids; the auth limits' keys, which are
    /// negative, see `LimitKeys`) around the transaction on
    /// PostgreSQL, so that servers sharing the database take turns on each key; see
    /// `Connection.postgresTransaction`. On SQLite, whose one writer already serializes
    /// every write, the keys change nothing.
    @discardableResult
    public func write<T: Sendable>(locking keys: [Int64], _ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        switch backend {
        case .sqlite(_, let group, _):
            return try await group.write(body)
        case .postgres(let pool):
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let value = try await pool.run { connection in
                        try connection.postgresTransaction(.write, locks: keys) { try body(connection) }
                    }
                    postgresCounters.withLock { $0.transactions += 1; $0.writes += 1 }
                    return value
                } catch let error as PostgresError where error.isRetryable && attempt < Self.maxWriteAttempts {
                    postgresCounters.withLock { $0.retries += 1 }
                    // Random backoff, growing with the attempts, so the two sides do not collide again.
                    try await Task.sleep(for: .microseconds(Int.random(in: 100...(500 << min(attempt, 6)))))
                }
            }
        }
    }

    /// Write transactions run so far, the writes they carried (group commit's effect), and
    /// the writes waiting for the writer now (on PostgreSQL: callers waiting for a connection).
    public var writeStatistics: (transactions: Int, writes: Int, waiting: Int) {
        switch backend {
        case .sqlite(_, let group, _): return group.statistics
        case .postgres(let pool):
            let counters = postgresCounters.withLock { $0 }
            return (counters.transactions, counters.writes, pool.usage.waiting)
        }
    }

    /// PostgreSQL writes run again after a serialization failure or deadlock (0 on SQLite).
    public var writeRetries: Int { postgresCounters.withLock { $0.retries } }

    /// Runs `body` in one read transaction on a reader, so all its queries see one snapshot.
    ///
    /// The snapshot is taken at the first query and holds the last committed write; an open
    /// write transaction is neither seen nor waited for.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        switch backend {
        case .sqlite(let writer, _, let readers):
            let work: @Sendable (Connection) throws -> T = { connection in
                try connection.transaction(.deferred) { try body(connection) }
            }
            if let readers {
                return try await readers.run(work)
            }
            return try await writer.run(work)
        case .postgres(let pool):
            return try await pool.run { connection in
                try connection.postgresTransaction(.read) { try body(connection) }
            }
        }
    }

    /// Whether the database answers a query that reads the file; for readiness probes.
    public func ping() async -> Bool {
        do {
            return try await read { connection in
                try connection.queryRow(connection.dialect == .sqlite ? "SELECT count(*) FROM sqlite_schema" : "SELECT 1") != nil
            }
        } catch {
            return false
        }
    }

    /// Closes every connection once the work already enqueued has finished; later calls
    /// throw `SQLiteError` ("database is closed"). Closing the writer last checkpoints the WAL.
    public func close() async {
        switch backend {
        case .sqlite(let writer, _, let readers):
            await readers?.close()
            await writer.close()
        case .postgres(let pool):
            await pool.close()
        }
    }
}
