import Synchronization

/// Values computed for a catalog generation, each reused until the generation moves.
///
/// Callers read the generation before computing, so a value can only be filed under a
/// generation at or before the data it saw: a write that commits and then advances the
/// generation is never hidden by a value computed before it. Concurrent requests for a
/// missing value share one computation (no stampede of identical queries after a write);
/// the first caller computes it in its own task, the others wait for it. At most
/// `capacity` keys are kept; when full, values of older generations go first, then
/// arbitrary ones.
public final class GenerationCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Slot {
        case ready(generation: UInt64, value: Value)
        case computing(Flight)
    }

    private enum Plan {
        case have(Value), join(Flight), lead(Flight)
    }

    private let capacity: Int
    private let slots = Mutex<[Key: Slot]>([:])

    /// Creates an empty cache holding at most `capacity` (≥ 1) keys.
    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The value for `key` at `generation`, computing it with `compute` when missing or older.
    /// A failed computation is forgotten (its waiters get the error), so the next call tries again.
    public func value(for key: Key, at generation: UInt64, compute: (Key) async throws -> Value) async throws -> Value {
        let plan = slots.withLock { slots -> Plan in
            switch slots[key] {
            case .ready(let kept, let value) where kept >= generation: return .have(value)
            case .computing(let flight) where flight.generation >= generation: return .join(flight)
            default:
                if slots[key] == nil && slots.count >= capacity { evict(&slots, below: generation) }
                let flight = Flight(generation: generation)
                slots[key] = .computing(flight)
                return .lead(flight)
            }
        }
        switch plan {
        case .have(let value): return value
        case .join(let flight): return try await flight.result()
        case .lead(let flight):
            let outcome: Result<Value, any Error>
            do { outcome = .success(try await compute(key)) } catch { outcome = .failure(error) }
            slots.withLock { slots in
                guard case .computing(let current) = slots[key], current === flight else { return }
                if case .success(let value) = outcome { slots[key] = .ready(generation: generation, value: value) } else { slots[key] = nil }
            }
            flight.finish(outcome)
            return try outcome.get()
        }
    }

    /// How many keys are kept, for tests.
    public var count: Int { slots.withLock { $0.count } }

    private func evict(_ slots: inout [Key: Slot], below generation: UInt64) {
        slots = slots.filter { _, slot in
            switch slot {
            case .ready(let kept, _): kept >= generation
            case .computing: true   // its leader will file it
            }
        }
        if slots.count >= capacity, let victim = slots.keys.first { slots[victim] = nil }
    }

    /// One computation in progress and the callers waiting for it.
    private final class Flight: Sendable {
        let generation: UInt64
        private let state = Mutex<(outcome: Result<Value, any Error>?, waiters: [CheckedContinuation<Value, any Error>])>((nil, []))

        init(generation: UInt64) { self.generation = generation }

        func result() async throws -> Value {
            try await withCheckedThrowingContinuation { continuation in
                let done = state.withLock { state -> Result<Value, any Error>? in
                    if state.outcome == nil { state.waiters.append(continuation) }
                    return state.outcome
                }
                if let done { continuation.resume(with: done) }
            }
        }

        func finish(_ outcome: Result<Value, any Error>) {
            let waiters = state.withLock { state in
                state.outcome = outcome
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(with: outcome) }
        }
    }
}
