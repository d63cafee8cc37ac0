import Marketplace
import MarketplaceFakes
import Synchronization

/// Failed logins in an array, like the `login_failures` table.
final class InMemoryLoginAttemptRepository: LoginAttemptRepository {
    private let rows = Mutex<[(email: String, at: Double)]>([])

    var count: Int { rows.withLock { $0.count } }

    func recentFailures(email: String, since: Double, limit: Int) async throws -> [Double] {
        rows.withLock { rows in Array(rows.filter { $0.email == email && $0.at > since }.map(\.at).sorted(by: >).prefix(limit)) }
    }

    func recordFailure(email: String, at time: Double, forgetBefore: Double) async throws {
        rows.withLock { rows in
            rows.removeAll { $0.at <= forgetBefore }
            rows.append((email, time))
        }
    }

    func clear(email: String) async throws {
        rows.withLock { $0.removeAll { $0.email == email } }
    }
}
