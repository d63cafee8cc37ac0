import Marketplace
import MarketplaceFakes
import Synchronization

/// Login attempts in an array, like the `login_attempts` table: claims count and insert under
/// one lock, as the SQL adapter's one transaction does.
final class InMemoryLoginAttemptRepository: LoginAttemptRepository {
    struct Row: Equatable {
        var id: Int64
        var email: String
        var address: ClientAddress
        var at: Double
        var failed: Bool
    }
    private let state = Mutex<(rows: [Row], lastID: Int64)>(([], 0))

    var rows: [Row] { state.withLock { $0.rows } }
    var count: Int { rows.count }
    var failures: Int { rows.filter(\.failed).count }

    func claim(email: String, from address: ClientAddress, at time: Double, policy: LoginThrottlePolicy) async throws -> AttemptClaim {
        state.withLock { state in
            state.rows.removeAll { $0.at <= time - policy.lookback }
            let attempts = state.rows.filter { $0.email == email }.map { LoginAttempt(address: $0.address, at: $0.at) }
            if let until = policy.lockedUntil(attempts, from: address, now: time) { return .refused(until: until) }
            state.lastID += 1
            state.rows.append(Row(id: state.lastID, email: email, address: address, at: time, failed: false))
            return .claimed(AttemptID(rawValue: state.lastID))
        }
    }

    func recordFailure(_ attempt: AttemptID) async throws {
        state.withLock { state in
            for index in state.rows.indices where state.rows[index].id == attempt.rawValue { state.rows[index].failed = true }
        }
    }

    func recordSuccess(_ attempt: AttemptID) async throws {
        state.withLock { state in
            guard let row = state.rows.first(where: { $0.id == attempt.rawValue }) else { return }
            state.rows.removeAll { $0.id == row.id || ($0.failed && $0.email == row.email && $0.address == row.address) }
        }
    }

    func release(_ attempt: AttemptID) async throws {
        state.withLock { $0.rows.removeAll { $0.id == attempt.rawValue && !$0.failed } }
    }
}
