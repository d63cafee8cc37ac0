public import Marketplace
import Synchronization

/// Sessions in an array, joined with the user fake for role and status like the SQL join.
public final class InMemorySessionRepository: SessionRepository {
    public struct Stored: Sendable {
        public var id: SessionID
        public var userID: UserID
        public var tokenHash: String
        public var expiresAt: Double
        public var revoked: Bool
    }
    private let state = Mutex<[Stored]>([])
    public let users: InMemoryUserRepository

    public init(users: InMemoryUserRepository) { self.users = users }

    public var all: [Stored] { state.withLock { $0 } }

    public func create(userID: UserID, tokenHash: String, createdAt: Double, expiresAt: Double) async throws -> SessionID {
        state.withLock { rows in
            let id = SessionID(rawValue: Int64(rows.count + 1))
            rows.append(Stored(id: id, userID: userID, tokenHash: tokenHash, expiresAt: expiresAt, revoked: false))
            return id
        }
    }

    public func active(tokenHash: String, now: Double) async throws -> ActiveSession? {
        guard let row = state.withLock({ rows in rows.first { $0.tokenHash == tokenHash && !$0.revoked && $0.expiresAt > now } }),
              let user = try await users.find(row.userID)
        else { return nil }
        return ActiveSession(id: row.id, userID: row.userID, role: user.role, status: user.status, expiresAt: row.expiresAt)
    }

    public func revoke(_ id: SessionID, at time: Double) async throws {
        state.withLock { rows in for index in rows.indices where rows[index].id == id { rows[index].revoked = true } }
    }

    public func revokeAll(of userID: UserID, at time: Double) async throws {
        state.withLock { rows in for index in rows.indices where rows[index].userID == userID { rows[index].revoked = true } }
    }
}
