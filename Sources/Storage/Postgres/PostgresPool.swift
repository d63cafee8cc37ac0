import Dispatch
import Synchronization

/// Up to `capacity` PostgreSQL connections, opened on demand and kept while healthy, each
/// on its own serial queue (`SerialConnection`), so libpq's blocking calls never run on a
/// cooperative thread. A caller that finds none idle and the pool full waits, first come
/// first served; a connection that broke is dropped and replaced on the next demand.
final class PostgresPool: Sendable {
    private struct State {
        var idle: [SerialConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<SerialConnection, any Error>] = []
        var closed = false
        var opened = 0
    }

    private enum Next {
        case ready(SerialConnection)
        case connect
        case wait
        case closed
    }

    let url: String
    let capacity: Int
    private let state = Mutex(State())

    init(url: String, capacity: Int, first: PostgresConnection? = nil) {
        self.url = url
        self.capacity = max(1, capacity)
        if let first {
            state.withLock { state in
                state.open = 1
                state.opened = 1
                state.idle = [SerialConnection(Connection(postgres: first), label: "storage.postgres.1")]
            }
        }
    }

    /// Connections open now, and callers waiting for one.
    var usage: (open: Int, waiting: Int) { state.withLock { ($0.open, $0.waiters.count) } }

    /// Runs `body` on a pooled connection, on that connection's queue.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let serial = try await acquire()
        let outcome: (result: Result<T, any Error>, healthy: Bool) = try await serial.run { connection in
            let result = Result { try body(connection) }
            return (result, connection.postgres?.isHealthy ?? false)
        }
        release(serial, healthy: outcome.healthy)
        return try outcome.result.get()
    }

    /// Closes idle connections now and busy ones as they come back; waiters fail.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        waiters.forEach { $0.resume(throwing: PostgresError.connectionClosed) }
        for connection in idle { await connection.close() }
    }

    private func acquire() async throws -> SerialConnection {
        try await withCheckedThrowingContinuation { continuation in
            let next = state.withLock { state -> Next in
                if state.closed { return .closed }
                if let connection = state.idle.popLast() { return .ready(connection) }
                if state.open < capacity {
                    state.open += 1
                    return .connect
                }
                state.waiters.append(continuation)
                return .wait
            }
            switch next {
            case .ready(let connection): continuation.resume(returning: connection)
            case .connect: connect(for: continuation)
            case .wait: break
            case .closed: continuation.resume(throwing: PostgresError.connectionClosed)
            }
        }
    }

    /// Opens a connection off the caller's thread (connecting blocks) and hands it over.
    private func connect(for continuation: CheckedContinuation<SerialConnection, any Error>) {
        DispatchQueue.global().async { [url] in
            do {
                let connection = try PostgresConnection(url: url)
                let number = self.state.withLock { state -> Int in
                    state.opened += 1
                    return state.opened
                }
                continuation.resume(returning: SerialConnection(Connection(postgres: connection), label: "storage.postgres.\(number)"))
            } catch {
                // The database is unreachable: fail the waiters too rather than leave them hanging.
                let waiters = self.state.withLock { state in
                    state.open -= 1
                    defer { state.waiters = [] }
                    return state.waiters
                }
                continuation.resume(throwing: error)
                waiters.forEach { $0.resume(throwing: error) }
            }
        }
    }

    private func release(_ connection: SerialConnection, healthy: Bool) {
        enum Then { case handOver(CheckedContinuation<SerialConnection, any Error>), reconnect(CheckedContinuation<SerialConnection, any Error>), keep, drop }
        let then = state.withLock { state -> Then in
            if state.closed {
                state.open -= 1
                return .drop
            }
            if !healthy {
                if state.waiters.isEmpty {
                    state.open -= 1
                    return .drop
                }
                return .reconnect(state.waiters.removeFirst())   // the slot passes to the new connection
            }
            if !state.waiters.isEmpty { return .handOver(state.waiters.removeFirst()) }
            state.idle.append(connection)
            return .keep
        }
        switch then {
        case .handOver(let waiter): waiter.resume(returning: connection)
        case .reconnect(let waiter):
            Task { await connection.close() }
            connect(for: waiter)
        case .keep: break
        case .drop: Task { await connection.close() }
        }
    }
}
