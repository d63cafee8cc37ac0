import Synchronization

/// One open connection to an origin, owned by one call at a time (the pool hands it over
/// under its lock), so its stream is never used from two threads at once.
final class PooledConnection: @unchecked Sendable {
    let stream: any OutboundStream
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
/// released; that wait is not counted against its deadlines. Every call ends within its
/// whole-call deadline, so a slot always comes free in bounded time.
final class ConnectionPool: Sendable {
    enum Lease: Sendable {
        case reuse(PooledConnection)
        /// A slot is reserved: the caller opens a connection and later releases it.
        case open
    }

    private struct Origin {
        var idle: [PooledConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<Lease, Never>] = []
    }

    let maxPerOrigin: Int
    private let origins = Mutex<[OriginKey: Origin]>([:])

    init(maxPerOrigin: Int) { self.maxPerOrigin = maxPerOrigin }

    func acquire(_ key: OriginKey) async -> Lease {
        await withCheckedContinuation { continuation in
            let lease: Lease? = origins.withLock { origins in
                var origin = origins[key, default: Origin()]
                defer { origins[key] = origin }
                while let connection = origin.idle.popLast() {
                    if !connection.stream.isStale() { return .reuse(connection) }
                    connection.stream.close()
                    origin.open -= 1
                }
                if origin.open < maxPerOrigin {
                    origin.open += 1
                    return .open
                }
                origin.waiters.append(continuation)
                return nil
            }
            if let lease { continuation.resume(returning: lease) }
        }
    }

    /// Gives back a reserved slot: with its connection when that may carry another request,
    /// with nil when the connection was closed (or never opened).
    func release(_ key: OriginKey, _ connection: PooledConnection?) {
        let handOver: (CheckedContinuation<Lease, Never>, Lease)? = origins.withLock { origins in
            var origin = origins[key, default: Origin()]
            defer { origins[key] = origin.open == 0 && origin.waiters.isEmpty ? nil : origin }
            if !origin.waiters.isEmpty {
                let waiter = origin.waiters.removeFirst()
                return (waiter, connection.map { .reuse($0) } ?? .open)
            }
            if let connection { origin.idle.append(connection) } else { origin.open -= 1 }
            return nil
        }
        if let (waiter, lease) = handOver { waiter.resume(returning: lease) }
    }

    /// Closes every idle connection.
    func closeIdle() {
        let idle = origins.withLock { origins in
            var closed: [PooledConnection] = []
            for key in origins.keys {
                closed += origins[key]!.idle
                origins[key]!.open -= origins[key]!.idle.count
                origins[key]!.idle = []
            }
            return closed
        }
        for connection in idle { connection.stream.close() }
    }
}
