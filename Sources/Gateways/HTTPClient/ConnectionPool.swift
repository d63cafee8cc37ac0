import Dispatch
import Synchronization

/// One open connection to an origin, owned by one call at a time (the pool hands it over
/// under its lock), so its stream is never used from two threads at once.
final class PooledConnection: @unchecked Sendable {
    let stream: any OutboundStream
    /// When it went back to the pool; read and written only under the pool's lock.
    var idleSince = ContinuousClock.now
    init(stream: any OutboundStream) { self.stream = stream }
}

/// Where a connection goes: the URL's scheme, host and port, and the address actually
/// dialled, so a connection made to one checked address is never reused for another.
struct OriginKey: Hashable, Sendable {
    let isTLS: Bool
    let host: String
    let port: UInt16
    let address: String
}

/// Connections per origin, at most `maxPerOrigin` open at once (idle or in use). A call that
/// finds none idle and the cap reached waits, first come first served, for one to be
/// released, at most `wait`; that wait is not counted against its deadlines. Every call ends
/// within its whole-call deadline, so a slot always comes free in bounded time.
final class ConnectionPool: Sendable {
    enum Lease: Sendable {
        case reuse(PooledConnection)
        /// A slot is reserved: the caller opens a connection and later releases it.
        case open
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Lease?, Never>
    }

    private struct Origin {
        var idle: [PooledConnection] = []
        var open = 0
        var waiters: [Waiter] = []
    }

    private struct State {
        var origins: [OriginKey: Origin] = [:]
        var nextWaiter: UInt64 = 0
    }

    let maxPerOrigin: Int
    /// An idle connection older than this is closed rather than reused.
    let idleTimeout: Duration
    private let state = Mutex(State())

    init(maxPerOrigin: Int, idleTimeout: Duration) {
        self.maxPerOrigin = maxPerOrigin
        self.idleTimeout = idleTimeout
    }

    /// A lease, or nil when none came free within `wait`.
    func acquire(_ key: OriginKey, wait: Duration) async -> Lease? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Lease?, Never>) in
            let outcome: (lease: Lease?, waiter: UInt64?) = state.withLock { state in
                var origin = state.origins[key, default: Origin()]
                defer { state.origins[key] = origin }
                let now = ContinuousClock.now
                while let connection = origin.idle.popLast() {
                    if now - connection.idleSince < idleTimeout && !connection.stream.isStale() { return (.reuse(connection), nil) }
                    connection.stream.close()
                    origin.open -= 1
                }
                if origin.open < maxPerOrigin {
                    origin.open += 1
                    return (.open, nil)
                }
                state.nextWaiter += 1
                origin.waiters.append(Waiter(id: state.nextWaiter, continuation: continuation))
                return (nil, state.nextWaiter)
            }
            if let lease = outcome.lease {
                continuation.resume(returning: lease)
            } else if let id = outcome.waiter {
                Self.timers.asyncAfter(deadline: .now() + Self.seconds(wait)) { [self] in self.expire(key, waiter: id) }
            }
        }
    }

    /// Ends a wait that got nothing in time (a release that got there first already removed it).
    private func expire(_ key: OriginKey, waiter id: UInt64) {
        let expired: CheckedContinuation<Lease?, Never>? = state.withLock { state in
            guard var origin = state.origins[key], let index = origin.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = origin.waiters.remove(at: index)
            state.origins[key] = origin
            return waiter.continuation
        }
        expired?.resume(returning: nil)
    }

    /// Gives back a reserved slot: with its connection when that may carry another request,
    /// with nil when the connection was closed (or never opened).
    func release(_ key: OriginKey, _ connection: PooledConnection?) {
        let handOver: (CheckedContinuation<Lease?, Never>, Lease)? = state.withLock { state in
            var origin = state.origins[key, default: Origin()]
            defer { state.origins[key] = origin.open == 0 && origin.waiters.isEmpty ? nil : origin }
            if !origin.waiters.isEmpty {
                let waiter = origin.waiters.removeFirst()
                return (waiter.continuation, connection.map { .reuse($0) } ?? .open)
            }
            if let connection {
                connection.idleSince = .now
                origin.idle.append(connection)
            } else {
                origin.open -= 1
            }
            return nil
        }
        if let (waiter, lease) = handOver { waiter.resume(returning: lease) }
    }

    /// Closes every idle connection.
    func closeIdle() {
        let idle = state.withLock { state in
            var closed: [PooledConnection] = []
            for key in state.origins.keys {
                closed += state.origins[key]!.idle
                state.origins[key]!.open -= state.origins[key]!.idle.count
                state.origins[key]!.idle = []
            }
            return closed
        }
        for connection in idle { connection.stream.close() }
    }

    private static let timers = DispatchQueue(label: "outbound.pool-wait")

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
