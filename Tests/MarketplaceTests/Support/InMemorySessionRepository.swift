import Marketplace
import Synchronization

/// Sessions in an array; `active` does not know about users, so it reports them ACTIVE
/// with the role recorded at creation.
final class InMemorySessionRepository: SessionRepository {
    struct Stored: Sendable { var id: SessionID; var userID: UserID; var role: Role; var tokenHash: String; var expiresAt: Double; var revoked: Bool }
    private let state = Mutex<[Stored]>([])

    var all: [Stored] { state.withLock { $0 } }

    func create(userID: UserID, tokenHash: String, createdAt: Double, expiresAt: Double) async throws -> SessionID {
        state.withLock { rows in
            let id = SessionID(rawValue: Int64(rows.count + 1))
            rows.append(Stored(id: id, userID: userID, role: .customer, tokenHash: tokenHash, expiresAt: expiresAt, revoked: false))
            return id
        }
    }

    func active(tokenHash: String, now: Double) async throws -> ActiveSession? {
        state.withLock { rows in
            rows.first { $0.tokenHash == tokenHash && !$0.revoked && $0.expiresAt > now }.map {
                ActiveSession(id: $0.id, userID: $0.userID, role: $0.role, status: .active, expiresAt: $0.expiresAt)
            }
        }
    }

    func revoke(_ id: SessionID, at time: Double) async throws {
        state.withLock { rows in for index in rows.indices where rows[index].id == id { rows[index].revoked = true } }
    }

    func revokeAll(of userID: UserID, at time: Double) async throws {
        state.withLock { rows in for index in rows.indices where rows[index].userID == userID { rows[index].revoked = true } }
    }
}
