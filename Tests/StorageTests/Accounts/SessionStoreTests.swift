import Marketplace
import Storage
import Testing

@Suite struct SessionStoreTests {
    let store: AccountStoreFixture
    init() throws { store = try AccountStoreFixture() }
    static let digest = String(repeating: "a", count: 64)

    @Test("a session is active until it expires or is revoked")
    func lifecycle() async throws {
        let user = try await store.user()
        let id = try await store.sessions.create(userID: user.id, tokenHash: Self.digest, createdAt: 100, expiresAt: 200)
        let active = try #require(try await store.sessions.active(tokenHash: Self.digest, now: 150))
        #expect(active.id == id && active.userID == user.id && active.role == .customer && active.status == .active)
        #expect(try await store.sessions.active(tokenHash: Self.digest, now: 200) == nil)
        try await store.sessions.revoke(id, at: 160)
        #expect(try await store.sessions.active(tokenHash: Self.digest, now: 170) == nil)
    }

    @Test("the account's current status comes with the session, so suspension shows at once")
    func suspensionVisible() async throws {
        let user = try await store.user()
        _ = try await store.sessions.create(userID: user.id, tokenHash: Self.digest, createdAt: 100, expiresAt: 200)
        _ = try await store.users.setStatus(.suspended, of: user.id)
        #expect(try await store.sessions.active(tokenHash: Self.digest, now: 150)?.status == .suspended)
    }

    @Test("revokeAll ends every session of one account only")
    func revokeAll() async throws {
        let kim = try await store.user(), lee = try await store.user("lee@example.com")
        let other = String(repeating: "b", count: 64), third = String(repeating: "c", count: 64)
        _ = try await store.sessions.create(userID: kim.id, tokenHash: Self.digest, createdAt: 100, expiresAt: 200)
        _ = try await store.sessions.create(userID: kim.id, tokenHash: other, createdAt: 100, expiresAt: 200)
        _ = try await store.sessions.create(userID: lee.id, tokenHash: third, createdAt: 100, expiresAt: 200)
        try await store.sessions.revokeAll(of: kim.id, at: 150)
        #expect(try await store.sessions.active(tokenHash: Self.digest, now: 150) == nil)
        #expect(try await store.sessions.active(tokenHash: other, now: 150) == nil)
        #expect(try await store.sessions.active(tokenHash: third, now: 150) != nil)
    }
}
