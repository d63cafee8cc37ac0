/// What administrators do with accounts: list them and suspend or reinstate them.
public struct UserAdminService: Sendable {
    let users: any UserRepository
    let sessions: any SessionRepository
    let clock: any WallClock

    /// Creates the service over its ports.
    public init(users: any UserRepository, sessions: any SessionRepository, clock: any WallClock) {
        self.users = users
        self.sessions = sessions
        self.clock = clock
    }

    /// A page of accounts matching `query`.
    public func list(_ query: UserQuery, by principal: Principal) async throws -> Page<User> {
        try Self.requireAdmin(principal)
        return try await users.list(query)
    }

    /// Sets an account's status. Suspending also revokes every session, so reinstating the
    /// account later does not revive tokens issued before; an admin cannot suspend itself.
    public func setStatus(_ status: UserStatus, of id: UserID, by principal: Principal) async throws -> User {
        try Self.requireAdmin(principal)
        if status == .suspended && id == principal.userID {
            throw MarketplaceError.conflict(code: "CANNOT_SUSPEND_SELF", detail: "An administrator cannot suspend its own account.")
        }
        guard let user = try await users.setStatus(status, of: id) else {
            throw MarketplaceError.notFound(code: "USER_NOT_FOUND", detail: "No account has id \(id).")
        }
        if status == .suspended {
            try await sessions.revokeAll(of: id, at: clock.now())
        }
        return user
    }

    static func requireAdmin(_ principal: Principal) throws {
        guard principal.has(.admin) else {
            throw MarketplaceError.forbidden(code: "FORBIDDEN_ROLE", detail: "This needs the ADMIN role.")
        }
    }
}
