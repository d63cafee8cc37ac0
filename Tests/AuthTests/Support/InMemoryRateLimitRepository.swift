import Marketplace
import MarketplaceFakes
import Synchronization

/// Counted actions in an array, like `rate_limit_events`: claims count and insert under one lock.
final class InMemoryRateLimitRepository: RateLimitRepository {
    struct Row: Equatable {
        var id: Int64
        var key: RateLimitKey
        var at: Double
        var expiresAt: Double
    }
    private let state = Mutex<(rows: [Row], lastID: Int64)>(([], 0))

    var rows: [Row] { state.withLock { $0.rows } }
    func count(_ key: RateLimitKey) -> Int { rows.filter { $0.key == key }.count }

    func claim(_ key: RateLimitKey, limit: RateLimit, at time: Double) async throws -> AttemptClaim {
        state.withLock { state in
            state.rows.removeAll { $0.expiresAt <= time }
            let times = state.rows.filter { $0.key == key }.map(\.at)
            if let until = limit.nextAllowed(after: times, now: time) { return .refused(until: until) }
            state.lastID += 1
            state.rows.append(Row(id: state.lastID, key: key, at: time, expiresAt: time + limit.lookback))
            return .claimed(AttemptID(rawValue: state.lastID))
        }
    }

    func release(_ claim: AttemptID) async throws {
        state.withLock { $0.rows.removeAll { $0.id == claim.rawValue } }
    }
}
