import TestHTTP
import Dispatch

/// Runs a test's code on a dispatch queue of its own instead of Swift's cooperative pool.
/// Black-box tests block in socket calls (`TestClient` is a blocking client); the pool has
/// one thread per core, so blocking it would stall the async work of every other test
/// running in parallel (a `Task.sleep` waking seconds late, a shutdown that never starts).
final class OwnQueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "marketplace-test")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
