import Synchronization

/// Async locks keyed by product: an order holds the locks of every product it reserves or
/// returns stock for, taken in ascending `ProductID` order so that two orders sharing
/// products never wait for each other in a cycle (no deadlock). Orders on different
/// products never wait for each other. Waiters queue FIFO and suspend (no busy-waiting);
/// a key's entry is removed when its last holder leaves.
///
/// With SQLite the single writer already serializes transactions, so the locks are what
/// keeps the reservation correct on a backend with concurrent writers (issue #9); the
/// guarded `stock >= ?` decrement in SQL is the second, independent guarantee.
///
/// `global` mode maps every product to one key (one lock for all products), for the
/// benchmark's comparison (`orders.stockLocks`).
public final class ProductLocks: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case perProduct
        case global
    }

    private struct Entry {
        var held = false
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private struct State {
        var entries: [Int64: Entry] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())
    public let mode: Mode

    public init(mode: Mode = .perProduct) { self.mode = mode }

    /// Runs `body` holding the locks of `products` (any order, duplicates allowed), released
    /// when it returns or throws, and if the task is cancelled while waiting (CancellationError).
    public func withLocks<T: Sendable>(_ products: [ProductID], _ body: () async throws -> T) async throws -> T {
        let keys = mode == .global ? [Int64(0)] : Array(Set(products.map(\.rawValue))).sorted()
        var taken: [Int64] = []
        do {
            for key in keys {
                try await acquire(key)
                taken.append(key)
            }
        } catch {
            for key in taken.reversed() { release(key) }
            throw error
        }
        defer { for key in taken.reversed() { release(key) } }
        return try await body()
    }

    /// How many keys have an entry (held or waited for); 0 when idle. For tests.
    public var activeKeys: Int { state.withLock { $0.entries.count } }

    private func acquire(_ key: Int64) async throws {
        let id: UInt64? = state.withLock { state in
            if state.entries[key] == nil {
                state.entries[key] = Entry(held: true)
                return nil
            }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    guard var entry = state.entries[key] else {
                        // Released in between: take it.
                        state.entries[key] = Entry(held: true)
                        return true
                    }
                    if !entry.held {
                        entry.held = true
                        state.entries[key] = entry
                        return true
                    }
                    if Task.isCancelled { return false }
                    entry.waiters.append((id, continuation))
                    state.entries[key] = entry
                    return false
                }
                if resumeNow {
                    continuation.resume()
                } else if Task.isCancelled, !isWaiting(key, id) {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
                guard var entry = state.entries[key], let index = entry.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                let removed = entry.waiters.remove(at: index)
                state.entries[key] = entry
                return removed.continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func isWaiting(_ key: Int64, _ id: UInt64) -> Bool {
        state.withLock { $0.entries[key]?.waiters.contains { $0.id == id } ?? false }
    }

    /// Hands the lock to the first waiter, or removes the entry when nobody waits.
    private func release(_ key: Int64) {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            if entry.waiters.isEmpty {
                state.entries[key] = nil
                return nil
            }
            let first = entry.waiters.removeFirst()
            entry.held = true
            state.entries[key] = entry
            return first.continuation
        }
        next?.resume()
    }
}
