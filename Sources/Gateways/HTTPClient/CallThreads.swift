import COpenSSL
import Glibc

/// The threads outbound calls block on (in `poll()`): POSIX threads of our own, one per call
/// in progress, each kept `idleSeconds` after its call for the next one. Not libdispatch:
/// its worker threads are shared with Swift's global executor, and five or more calls parked
/// in `poll()` there starved the very tasks (timers, continuations) their answers needed.
/// At most one thread per call in progress, so the pools' caps bound the threads too.
final class CallThreads: @unchecked Sendable {
    static let shared = CallThreads()
    static let idleSeconds = 10

    // All guarded by `lock`.
    private var jobs: [@Sendable () -> Void] = []
    /// Threads waiting for a job and not yet claimed by `run`.
    private var idle = 0
    /// Wake-ups `run` sent that no waiter has taken yet.
    private var claims = 0
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let ready = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private init() {
        pthread_mutex_init(lock, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(ready, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    /// Runs `job` on an idle thread, or on a new one when none is idle: never queued behind another call.
    func run(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(lock)
        jobs.append(job)
        if idle > 0 {
            idle -= 1
            claims += 1
            pthread_cond_signal(ready)
            pthread_mutex_unlock(lock)
        } else {
            pthread_mutex_unlock(lock)
            startThread()
        }
    }

    private func startThread() {
        final class Box {
            let pool: CallThreads
            init(_ pool: CallThreads) { self.pool = pool }
        }
        let box = Unmanaged.passRetained(Box(self)).toOpaque()
        var thread: pthread_t = 0
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 512 * 1024)
        let rc = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().pool.work()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }

    /// A thread's life: run jobs; wait for the next; end after `idleSeconds` without one.
    private func work() {
        pthread_mutex_lock(lock)
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                pthread_mutex_unlock(lock)
                job()
                pthread_mutex_lock(lock)
                continue
            }
            idle += 1
            var until = timespec()
            clock_gettime(CLOCK_MONOTONIC, &until)
            until.tv_sec += Self.idleSeconds
            while true {
                let rc = pthread_cond_timedwait(ready, lock, &until)
                if claims > 0 {
                    claims -= 1          // `run` counted this thread out of `idle`
                    break
                }
                if rc == ETIMEDOUT {
                    idle -= 1
                    pthread_mutex_unlock(lock)
                    return
                }
            }
        }
    }
}
