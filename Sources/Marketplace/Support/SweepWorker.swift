import Synchronization

/// A background loop over work the database says is due: it sweeps on start (so work that
/// fell due while the server was down is found after a restart), then again whenever the
/// next item falls due — sleeping at most `maxSleep` seconds, woken early by `wake()`, and
/// retrying after 1 s when a sweep fails. The database is the only source of truth; nothing
/// relies on in-memory timers alone. Order expiry and payment recovery each run one
/// (`SweepWorker.orderExpiry`, `SweepWorker.paymentRecovery`).
public final class SweepWorker: Sendable {
    private let maxSleep: Double
    private let sweep: @Sendable () async throws -> Void
    private let nextDue: @Sendable () async throws -> Double?
    private let failed: @Sendable (any Error) -> Void
    private let wakeup = Wakeup()
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// `sweep` does whatever is due now; `nextDue` answers the seconds until the next item
    /// falls due (nil: nothing pending); `failed` hears a sweep's error.
    public init(maxSleep: Double = 30, sweep: @escaping @Sendable () async throws -> Void,
                nextDue: @escaping @Sendable () async throws -> Double?,
                failed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.maxSleep = maxSleep
        self.sweep = sweep
        self.nextDue = nextDue
        self.failed = failed
    }

    /// Starts the loop in its own task, preferring `executor` (the server gives it a queue of
    /// its own, so neither a busy cooperative pool nor an event loop delays a sweep or a stop).
    public func start(on executor: (any TaskExecutor)? = nil) {
        task.withLock { task in
            guard task == nil else { return }
            task = Task(executorPreference: executor) { [self] in await run() }
        }
    }

    /// Asks for a sweep now (new work was created, or a test moved the clock).
    public func wake() { wakeup.signal() }

    /// Stops the loop and waits for the sweep in progress to finish.
    public func stop() async {
        let running = task.withLock { task in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
    }

    private func run() async {
        while !Task.isCancelled {
            var pause = maxSleep
            do {
                try await sweep()
                if let next = try await nextDue() { pause = min(max(next, 0.05), maxSleep) }
            } catch is CancellationError {
                return
            } catch {
                failed(error)
                pause = min(1, maxSleep)
            }
            await wakeup.wait(upTo: pause)
        }
    }
}

/// A one-slot signal: `wait` returns when signalled (now or earlier, unconsumed), when the
/// time is up, or when the task is cancelled.
public final class Wakeup: Sendable {
    /// Creates an unsignalled wakeup.
    public init() {}
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or the next one to wait.
    public func signal() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when signalled, after `seconds`, or when cancelled.
    public func wait(upTo seconds: Double) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) }
            group.addTask { await self.signalled() }
            await group.next()
            group.cancelAll()
        }
    }

    private func signalled() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = state.withLock { state in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in defer { state.waiter = nil }; return state.waiter }
            waiter?.resume()
        }
    }
}
