import Synchronization

/// Listens on `host:port` with one event loop per worker, each on its own
/// `SO_REUSEPORT` socket so that the kernel spreads connections across them.
public final class HTTPServer: Sendable {
    public let port: Int
    private let loops: [EventLoop]
    private let exits: ExitTracker

    /// Counts loops that have finished and wakes those waiting for all of them.
    private final class ExitTracker: Sendable {
        private struct State {
            var exited = 0
            var waiters: [CheckedContinuation<Void, Never>] = []
        }

        private let state = Mutex(State())
        private let total: Int

        init(total: Int) { self.total = total }

        func loopExited() {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.exited += 1
                guard state.exited == total else { return [] }
                defer { state.waiters = [] }
                return state.waiters
            }
            waiters.forEach { $0.resume() }
        }

        /// Returns when every loop has exited or after `timeout` seconds, whichever is first.
        func wait(timeout: Double) async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let finished = state.withLock { state -> Bool in
                    if state.exited == total { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if finished { continuation.resume(); return }
                Task {
                    try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                    let late = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                        defer { state.waiters = [] }
                        return state.waiters
                    }
                    late.forEach { $0.resume() }
                }
            }
        }
    }

    public init(host: String, port: Int, workers: Int, responder: any HTTPResponder, limits: ServerLimits) throws {
        let count = max(1, workers)
        Sys.ignoreBrokenPipes()
        try Sys.ensurePortFree(host: host, port: port)
        var listeners: [Int32] = []
        var bound = port
        do {
            for _ in 0..<count {
                let listener = try Sys.listen(host: host, port: bound, reusePort: true)
                listeners.append(listener.fd)
                bound = listener.port
            }
        } catch {
            listeners.forEach(Sys.close)
            throw error
        }
        self.port = bound
        let exits = ExitTracker(total: count)
        self.exits = exits
        self.loops = try listeners.enumerated().map { index, fd in
            try EventLoop(index: index, listener: fd, responder: responder, limits: limits) {
                exits.loopExited()   // the loop closed its listener when it began draining
            }
        }
    }

    public func start() { loops.forEach { $0.start() } }

    /// Stops accepting and lets in-flight requests finish; returns when every loop has
    /// closed its connections or `grace` seconds have passed.
    public func shutdown(grace: Double) async {
        loops.forEach { $0.beginShutdown() }
        await exits.wait(timeout: grace)
    }
}
