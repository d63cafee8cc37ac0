public import Marketplace
import Synchronization

/// Accounts in a dictionary, with the same case-insensitive uniqueness as the SQLite table.
public final class InMemoryUserRepository: UserRepository {
    private struct Stored { var user: User; var hash: String }
    private let state = Mutex<[Stored]>([])

    public init() {}

    public func create(_ account: NewAccount, passwordHash: String, createdAt: Double) async throws -> User {
        try state.withLock { rows in
            if rows.contains(where: { EmailAddress.normalize($0.user.email) == account.email.normalized }) {
                throw MarketplaceError.conflict(code: "EMAIL_TAKEN", detail: "taken")
            }
            let user = User(id: UserID(rawValue: Int64(rows.count + 1)), email: account.email.value, name: account.name,
                            phone: account.phone, role: account.role, status: .active, emailVerified: account.emailVerified,
                            createdAt: createdAt)
            rows.append(Stored(user: user, hash: passwordHash))
            return user
        }
    }

    public func updateProfile(_ update: ProfileUpdate, of id: UserID) async throws -> User? {
        state.withLock { rows in
            guard let index = rows.firstIndex(where: { $0.user.id == id }) else { return nil }
            if let name = update.name { rows[index].user.name = name }
            if let phone = update.phone { rows[index].user.phone = phone }
            if let locale = update.locale { rows[index].user.locale = locale }
            return rows[index].user
        }
    }

    public func find(_ id: UserID) async throws -> User? {
        state.withLock { $0.first { $0.user.id == id }?.user }
    }

    public func credentials(forEmail email: String) async throws -> UserCredentials? {
        state.withLock { rows in
            rows.first { EmailAddress.normalize($0.user.email) == email }.map { UserCredentials(user: $0.user, passwordHash: $0.hash) }
        }
    }

    public func list(_ query: UserQuery) async throws -> Page<User> {
        state.withLock { rows in
            let matching = rows.map(\.user).filter { user in
                (query.role.map { $0 == user.role } ?? true) && (query.status.map { $0 == user.status } ?? true)
            }
            return Page(items: Array(matching.dropFirst(query.page.offset).prefix(query.page.size)), request: query.page,
                        totalItems: matching.count)
        }
    }

    public func setStatus(_ status: UserStatus, of id: UserID) async throws -> User? {
        state.withLock { rows in
            guard let index = rows.firstIndex(where: { $0.user.id == id }) else { return nil }
            rows[index].user.status = status
            return rows[index].user
        }
    }

    /// What the SQL adapter's `redeem` does to the users table.
    public func markVerified(_ id: UserID) {
        state.withLock { rows in for index in rows.indices where rows[index].user.id == id { rows[index].user.emailVerified = true } }
    }
}
