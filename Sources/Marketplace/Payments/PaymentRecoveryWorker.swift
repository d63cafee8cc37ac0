import Synchronization

/// Settles payments left IN_PROGRESS or UNKNOWN (`PaymentService.recoverDue`) in the
/// background: on start (so a payment left mid-flight by a crash is settled after the
/// restart, once its lease expires) and then whenever the next one falls due, sleeping at
/// most `maxSleep` seconds and woken early by `wake()` when a confirm leaves one UNKNOWN.
/// The database is the only source of truth (leases, attempts, next_attempt_at), so several
/// servers may each run one (issue #9): the claims are guarded UPDATEs.
public final class PaymentRecoveryWorker: Sendable {
    private let service: PaymentService
    private let maxSleep: Double
    private let wakeup = Wakeup()
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let failed: @Sendable (any Error) -> Void

    public init(service: PaymentService, maxSleep: Double = 30, failed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.service = service
        self.maxSleep = maxSleep
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

    /// Asks for a sweep now (a payment was left UNKNOWN, or a test moved the clock).
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
                try await service.recoverDue()
                if let next = try await service.secondsUntilNextRecovery() { pause = min(max(next, 0.05), maxSleep) }
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

