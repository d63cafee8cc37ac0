import Marketplace
import Synchronization
import Testing

@Suite("ProductLocks")
struct ProductLocksTests {
    @Test("holders of one product run one at a time; entries are removed when unused")
    func mutualExclusion() async throws {
        let locks = ProductLocks()
        let inside = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await locks.withLocks([ProductID(rawValue: 7), ProductID(rawValue: 3)]) {
                        inside.enter()
                        try await Task.sleep(for: .milliseconds(1))
                        inside.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(inside.peak == 1)
        #expect(locks.activeKeys == 0)
    }

    @Test("overlapping sets taken in any request order never deadlock")
    func noDeadlock() async throws {
        let locks = ProductLocks()
        let done = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let ids = index % 2 == 0 ? [1, 2, 3] : [3, 2, 1]
                    try await locks.withLocks(ids.map { ProductID(rawValue: Int64($0)) }) {
                        await Task.yield()
                        done.enter()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(done.entered == 200)
        #expect(locks.activeKeys == 0)
    }

    @Test("different products do not wait for each other")
    func independentProducts() async throws {
        let locks = ProductLocks()
        let release = Flag()
        let holder = Task {
            try await locks.withLocks([ProductID(rawValue: 1)]) {
                while !release.isSet { try await Task.sleep(for: .milliseconds(2)) }
            }
        }
        try await Task.sleep(for: .milliseconds(10))
        let other = try await locks.withLocks([ProductID(rawValue: 2)]) { 42 }
        #expect(other == 42)
        release.set()
        try await holder.value
        #expect(locks.activeKeys == 0)
    }

    @Test("global mode makes every product share one lock")
    func globalMode() async throws {
        let locks = ProductLocks(mode: .global)
        let inside = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await locks.withLocks([ProductID(rawValue: Int64(index))]) {
                        inside.enter()
                        try await Task.sleep(for: .milliseconds(1))
                        inside.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(inside.peak == 1)
    }

    @Test("a waiter cancelled while waiting throws CancellationError and leaves the lock usable; a throwing body releases")
    func cancellationAndErrors() async throws {
        let locks = ProductLocks()
        let release = Flag()
        let holder = Task {
            try await locks.withLocks([ProductID(rawValue: 5)]) {
                while !release.isSet { try await Task.sleep(for: .milliseconds(2)) }
            }
        }
        try await Task.sleep(for: .milliseconds(10))
        let waiter = Task { try await locks.withLocks([ProductID(rawValue: 4), ProductID(rawValue: 5)]) { 1 } }
        try await Task.sleep(for: .milliseconds(10))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.set()
        try await holder.value
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await locks.withLocks([ProductID(rawValue: 5)]) { throw Boom() } }
        #expect(try await locks.withLocks([ProductID(rawValue: 4), ProductID(rawValue: 5)]) { 2 } == 2)
        #expect(locks.activeKeys == 0)
    }
}

/// Counts holders inside a critical section and the most ever inside at once.
final class Gauge: Sendable {
    private let state = Mutex((now: 0, peak: 0, entered: 0))
    func enter() { state.withLock { $0.now += 1; $0.entered += 1; $0.peak = max($0.peak, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var entered: Int { state.withLock { $0.entered } }
}

final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
