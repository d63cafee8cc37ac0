import Dispatch

/// A task executor over a serial dispatch queue of its own: for background workers (order
/// expiry) that must not wait behind a busy cooperative pool nor occupy an event loop.
final class QueueExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
