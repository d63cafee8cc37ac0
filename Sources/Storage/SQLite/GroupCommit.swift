import Synchronization

/// Group commit: the writes waiting for the writer connection share one transaction and so
/// one WAL sync, instead of one `fsync` each.
///
/// With `synchronous = FULL` every COMMIT waits for the disk, and on most disks that wait, not
/// the SQL, bounds how many writes a second one connection can make. When writes arrive while
/// the writer is busy, the next turn of the writer takes all of them (up to `maxBatch`) and
/// runs them in order inside ONE `BEGIN IMMEDIATE … COMMIT`, each in its own SAVEPOINT:
///
/// - each write is still atomic: a write that throws is rolled back to its savepoint, its
///   caller gets its error at once, and the other writes of the batch are untouched;
/// - each write sees the writes queued before it, exactly as if they had run one by one, so
///   the batch is serializable in arrival order;
/// - a write's caller is resumed with success only after the COMMIT that holds it returned:
///   "the write returned" still means "it is on disk". If that COMMIT fails, every write of
///   the batch fails with the COMMIT's error and none of them is stored.
///
/// A lone write costs one extra SAVEPOINT/RELEASE pair, which writes no page.
final class GroupCommitWriter: Sendable {
    /// The most writes one transaction takes; later arrivals wait for the next one.
    static let maxBatch = 64

    private struct State {
        var pending: [any BatchedWrite] = []
        /// A drain is enqueued on the writer's queue and has not yet finished.
        var draining = false
    }

    private let writer: SerialConnection
    private let state = Mutex(State())
    private let counters = Mutex((transactions: 0, writes: 0))

    init(writer: SerialConnection) {
        self.writer = writer
    }

    /// Transactions committed or attempted so far, the writes they carried, and the writes
    /// waiting for the writer now.
    var statistics: (transactions: Int, writes: Int, waiting: Int) {
        let (transactions, writes) = counters.withLock { $0 }
        return (transactions, writes, state.withLock { $0.pending.count })
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = PendingWrite(body: body, continuation: continuation)
            let startDrain = state.withLock { state -> Bool in
                state.pending.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain { writer.enqueue { self.drain($0) } }
        }
    }

    /// On the writer's queue: runs one batch, then yields the queue (another drain is enqueued
    /// if writes are still waiting), so that `close` and fallback reads are not starved.
    private func drain(_ connection: Connection) {
        let batch = state.withLock { state -> [any BatchedWrite] in
            let taken = Array(state.pending.prefix(Self.maxBatch))
            state.pending.removeFirst(taken.count)
            return taken
        }
        if !batch.isEmpty { run(batch, on: connection) }
        let more = state.withLock { state -> Bool in
            if state.pending.isEmpty {
                state.draining = false
                return false
            }
            return true
        }
        if more { writer.enqueue { self.drain($0) } }
    }

    private func run(_ batch: [any BatchedWrite], on connection: Connection) {
        counters.withLock { $0.transactions += 1; $0.writes += batch.count }
        // Writes that succeeded inside the open transaction: resumed only after COMMIT.
        var held: [any BatchedWrite] = []
        do {
            try connection.execute(Connection.TransactionKind.immediate.rawValue)
        } catch {
            batch.forEach { $0.finish(failing: error) }
            return
        }
        for job in batch {
            if !connection.isInTransaction {
                // An earlier failure ended the transaction; open the next one for the rest.
                do {
                    try connection.execute(Connection.TransactionKind.immediate.rawValue)
                } catch {
                    job.finish(failing: error)
                    continue
                }
            }
            do {
                try connection.execute("SAVEPOINT batched_write")
            } catch {
                job.finish(failing: error)
                continue
            }
            if let error = job.run(connection) {
                if connection.isInTransaction {
                    _ = try? connection.execute("ROLLBACK TO batched_write")
                    _ = try? connection.execute("RELEASE batched_write")
                } else {
                    // SQLite rolled the whole transaction back by itself (SQLITE_FULL, IOERR…):
                    // the writes held so far are gone with it.
                    held.forEach { $0.finish(failing: error) }
                    held = []
                }
                job.finish(failing: error)
                continue
            }
            do {
                try connection.execute("RELEASE batched_write")
                held.append(job)
            } catch {
                if connection.isInTransaction { _ = try? connection.execute("ROLLBACK TO batched_write") }
                job.finish(failing: error)
            }
        }
        guard connection.isInTransaction else {
            held.forEach { $0.finishCommitted() }
            return
        }
        do {
            try connection.execute("COMMIT")
            held.forEach { $0.finishCommitted() }
        } catch {
            if connection.isInTransaction { _ = try? connection.execute("ROLLBACK") }
            held.forEach { $0.finish(failing: error) }
        }
    }
}

/// One queued write, its result type erased so a batch can hold writes of every type.
private protocol BatchedWrite: AnyObject, Sendable {
    /// Runs the body; returns its error, or nil when it succeeded (the value is kept).
    func run(_ connection: Connection) -> (any Error)?
    /// Resumes the caller with the kept value: its transaction has committed.
    func finishCommitted()
    /// Resumes the caller with `error`: nothing of the write was stored.
    func finish(failing error: any Error)
}

private final class PendingWrite<T: Sendable>: BatchedWrite, @unchecked Sendable {
    // @unchecked: `value` is written and read only on the writer's serial queue.
    private let body: @Sendable (Connection) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var value: T?

    init(body: @escaping @Sendable (Connection) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(_ connection: Connection) -> (any Error)? {
        do {
            value = try body(connection)
            return nil
        } catch {
            return error
        }
    }

    func finishCommitted() {
        guard let value else { preconditionFailure("a write finished as committed without running") }
        continuation.resume(returning: value)
    }

    func finish(failing error: any Error) {
        continuation.resume(throwing: error)
    }
}
