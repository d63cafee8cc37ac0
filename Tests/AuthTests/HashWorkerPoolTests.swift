@testable import Auth
import Glibc
import Synchronization
import Testing

@Suite struct HashWorkerPoolTests {
    @Test("jobs run on the pool's own threads, not the caller's")
    func ownThreads() async throws {
        let pool = HashWorkerPool(threads: 2, queueLimit: 4)
        defer { pool.stop() }
        let caller = pthread_self()
        let ranElsewhere: Bool = await withCheckedContinuation { continuation in
            #expect(pool.submit { continuation.resume(returning: pthread_equal(pthread_self(), caller) == 0) })
        }
        #expect(ranElsewhere)
    }

    @Test("submit refuses once the waiting jobs reach the limit, and accepts again when they drain")
    func bounded() async throws {
        let pool = HashWorkerPool(threads: 1, queueLimit: 2)
        defer { pool.stop() }
        let gate = Mutex(false)
        let started = Mutex(false)
        #expect(pool.submit {
            started.withLock { $0 = true }
            while !gate.withLock({ $0 }) { usleep(1000) }
        })
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
        #expect(pool.submit {})
        #expect(pool.submit {})
        #expect(!pool.submit {})
        #expect(pool.waiting == 2)
        gate.withLock { $0 = true }
        while pool.waiting > 0 { try await Task.sleep(for: .milliseconds(1)) }
        #expect(pool.submit {})
    }

    @Test("after stop, queued jobs still run and new ones are refused")
    func stopDrains() async throws {
        let pool = HashWorkerPool(threads: 1, queueLimit: 8)
        let count = Mutex(0)
        for _ in 0..<5 { #expect(pool.submit { usleep(2000); count.withLock { $0 += 1 } }) }
        pool.stop()
        #expect(!pool.submit {})
        while count.withLock({ $0 }) < 5 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(count.withLock { $0 } == 5)
    }
}
