/// What administrators do with accounts: list them and suspend or reinstate them.
///
/// A suspended seller's products leave the public catalog (listings, counts, product pages;
/// carts show them unavailable and orders refuse them, as hidden ones) and its webhook
/// endpoints are paused, until it is reinstated: the repository writes all of it with the
/// status in one transaction, and the catalog generation moves after it commits.
public struct UserAdminService: Sendable {
    let users: any UserRepository
    let sessions: any SessionRepository
    let clock: any WallClock
    let generation: CatalogGeneration

    /// Creates the service over its ports; `generation` is the catalog's.
    public init(users: any UserRepository, sessions: any SessionRepository, clock: any WallClock, generation: CatalogGeneration) {
        self.users = users
        self.sessions = sessions
        self.clock = clock
        self.generation = generation
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
        // Cached listings and product pages of before the change are stale (on every server).
        if user.role == .seller { generation.advance() }
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
