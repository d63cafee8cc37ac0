import Dispatch
import Glibc

/// A fixed set of threads of its own that run CPU-bound jobs (bcrypt) from a bounded
/// FIFO queue. Jobs never run on an event-loop thread or the Swift cooperative pool, so a
/// burst of logins cannot starve sockets or other tasks; when the queue is full, `submit`
/// refuses at once rather than letting callers pile up.
final class HashWorkerPool: @unchecked Sendable {
    // @unchecked: `jobs`, `head` and `stopping` are only touched while holding `mutex`.
    // Each worker holds a strong reference until its loop ends, so `deinit` (which frees the
    // mutex and condition) runs only after the last worker has stopped using them.
    typealias Job = @Sendable () -> Void

    let threadCount: Int
    /// Jobs that may wait (running ones not counted).
    let queueLimit: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [Job?] = []
    private var head = 0
    private var stopping = false

    init(threads: Int, queueLimit: Int) {
        precondition(threads >= 1 && queueLimit >= 0)
        threadCount = threads
        self.queueLimit = queueLimit
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        // Each worker loop holds one thread of Dispatch's pool for the pool's life (a serial
        // queue per worker): threads apart from the Swift cooperative pool and the event loops.
        for index in 0..<threads {
            DispatchQueue(label: "bcrypt-\(index)").async { [self] in work() }
        }
    }

    deinit {
        pthread_cond_destroy(wake)
        pthread_mutex_destroy(mutex)
        wake.deallocate()
        mutex.deallocate()
    }

    /// Enqueues `job`; false (and `job` dropped) when the queue already holds `queueLimit`.
    func submit(_ job: @escaping Job) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopping, jobs.count - head < queueLimit else { return false }
        jobs.append(job)
        pthread_cond_signal(wake)
        return true
    }

    /// Jobs waiting, for tests and metrics.
    var waiting: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return jobs.count - head
    }

    /// Lets the threads finish the queued jobs, then exit. Later `submit`s are refused.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(wake)
        pthread_mutex_unlock(mutex)
    }

    private func work() {
        while let job = next() { job() }
    }

    /// The next job, blocking while the queue is empty; nil once stopping and drained.
    private func next() -> Job? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while head == jobs.count {
            if stopping { return nil }
            pthread_cond_wait(wake, mutex)
        }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= jobs.count {
            jobs.removeFirst(head)   // compact now and then; amortized O(1)
            head = 0
        }
        return job
    }
}
