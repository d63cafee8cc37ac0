import Marketplace
import MarketplaceFakes
import Testing

@Suite struct UserAdminServiceTests {
    let users = InMemoryUserRepository()
    let sessions: InMemorySessionRepository
    let clock = ManualClock()

    init() { sessions = InMemorySessionRepository(users: users) }
    let generation = CatalogGeneration()
    var service: UserAdminService { UserAdminService(users: users, sessions: sessions, clock: clock, generation: generation) }
    let admin = Principal(userID: UserID(rawValue: 1), role: .admin)

    func seed() async throws -> (admin: User, seller: User) {
        let root = try await users.create(try NewAccount.administrator(email: "root@example.com", password: "adminpass"),
                                          passwordHash: "h", createdAt: 1)
        let seller = try await users.create(try SignupFormTests.make(email: "s@example.com", role: "SELLER").validated(),
                                            passwordHash: "h", createdAt: 2)
        return (root, seller)
    }

    @Test("suspending an account revokes every one of its sessions")
    func suspensionRevokes() async throws {
        let (_, seller) = try await seed()
        _ = try await sessions.create(userID: seller.id, tokenHash: "a", createdAt: 0, expiresAt: .infinity)
        _ = try await sessions.create(userID: seller.id, tokenHash: "b", createdAt: 0, expiresAt: .infinity)
        let updated = try await service.setStatus(.suspended, of: seller.id, by: admin)
        #expect(updated.status == .suspended)
        #expect(sessions.all.allSatisfy { $0.revoked })
    }

    @Test("reinstating an account leaves sessions alone")
    func reinstate() async throws {
        let (_, seller) = try await seed()
        _ = try await sessions.create(userID: seller.id, tokenHash: "a", createdAt: 0, expiresAt: .infinity)
        #expect(try await service.setStatus(.active, of: seller.id, by: admin).status == .active)
        #expect(!sessions.all.contains { $0.revoked })
    }

    @Test("suspending or reinstating a seller moves the catalog generation (its products leave or rejoin listings)")
    func sellerMovesGeneration() async throws {
        let (root, seller) = try await seed()
        let before = generation.current
        _ = try await service.setStatus(.suspended, of: seller.id, by: admin)
        #expect(generation.current == before + 1)
        _ = try await service.setStatus(.active, of: seller.id, by: admin)
        #expect(generation.current == before + 2)
        _ = try await service.setStatus(.active, of: root.id, by: admin)   // not a seller: no listing changes
        #expect(generation.current == before + 2)
    }

    @Test("an administrator cannot suspend itself")
    func notSelf() async throws {
        let (root, _) = try await seed()
        await #expect(throws: MarketplaceError.conflict(code: "CANNOT_SUSPEND_SELF", detail: "An administrator cannot suspend its own account.")) {
            try await service.setStatus(.suspended, of: root.id, by: Principal(userID: root.id, role: .admin))
        }
    }

    @Test("an unknown id is not found")
    func unknown() async throws {
        await #expect(throws: MarketplaceError.notFound(code: "USER_NOT_FOUND", detail: "No account has id 99.")) {
            try await service.setStatus(.suspended, of: UserID(rawValue: 99), by: admin)
        }
    }

    @Test("only an ADMIN principal may list or change accounts", arguments: [Role.customer, .seller])
    func adminOnly(_ role: Role) async throws {
        let principal = Principal(userID: UserID(rawValue: 5), role: role)
        await #expect(throws: MarketplaceError.self) { try await service.list(UserQuery(), by: principal) }
        await #expect(throws: MarketplaceError.self) { try await service.setStatus(.active, of: UserID(rawValue: 1), by: principal) }
    }

    @Test("listing filters by role and pages the result")
    func listing() async throws {
        _ = try await seed()
        let page = try await service.list(UserQuery(role: .seller, page: PageRequest(page: 1, size: 10)), by: admin)
        #expect(page.items.map(\.email) == ["s@example.com"])
        #expect(page.totalItems == 1 && page.totalPages == 1)
    }
}
