@testable import Auth
import Marketplace
import MarketplaceFakes
import Testing

@Suite struct SessionServiceTests {
    let fixture = AuthFixture()

    @Test("login returns a token valid for the configured lifetime; only its digest is stored")
    func login() async throws {
        try await fixture.account()
        let result = try await fixture.sessions.logIn(email: "Kim@Example.com", password: "password1")
        #expect(result.expiresAt == fixture.clock.now() + 86_400)
        #expect(fixture.sessionStore.all.map(\.tokenHash) == [result.token.digest])
    }

    @Test("unknown email and wrong password fail alike, each after exactly one hash comparison")
    func indistinguishable() async throws {
        try await fixture.account()
        let before = fixture.hasher.callCount
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.sessions.logIn(email: "kim@example.com", password: "wrongpass") }
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.sessions.logIn(email: "who@example.com", password: "wrongpass") }
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.sessions.logIn(email: "kim@example.com", password: "pass\u{0}word1") }
        #expect(fixture.hasher.callCount == before + 3)
    }

    @Test("the sixth attempt within 15 minutes is refused even with the right password, until the window passes")
    func throttle() async throws {
        try await fixture.account()
        for _ in 0..<5 {
            await #expect(throws: AuthError.invalidCredentials) { try await fixture.sessions.logIn(email: "kim@example.com", password: "wrongpass") }
            fixture.clock.advance(by: 10)
        }
        await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 850)) {
            try await fixture.sessions.logIn(email: "kim@example.com", password: "password1")
        }
        fixture.clock.advance(by: 850)
        _ = try await fixture.sessions.logIn(email: "kim@example.com", password: "password1")
    }

    @Test("a successful login forgets earlier failures")
    func successClears() async throws {
        try await fixture.account()
        for _ in 0..<4 { _ = try? await fixture.sessions.logIn(email: "kim@example.com", password: "wrongpass") }
        #expect(fixture.attempts.count == 4)
        _ = try await fixture.sessions.logIn(email: "kim@example.com", password: "password1")
        #expect(fixture.attempts.count == 0)
    }

    @Test("an attempt the busy hasher never checked does not count as a failure")
    func busyReleases() async throws {
        try await fixture.account()
        fixture.hasher.setBusy(true)
        await #expect(throws: MarketplaceError.self) { try await fixture.sessions.logIn(email: "kim@example.com", password: "wrongpass") }
        #expect(fixture.attempts.count == 0)
    }

    @Test("unverified and suspended accounts are told so only with the right password")
    func refusals() async throws {
        let user = try await fixture.account(verified: false)
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.sessions.logIn(email: "kim@example.com", password: "wrongpass") }
        await #expect(throws: AuthError.emailNotVerified) { try await fixture.sessions.logIn(email: "kim@example.com", password: "password1") }
        _ = try await fixture.users.setStatus(.suspended, of: user.id)
        await #expect(throws: AuthError.accountSuspended) { try await fixture.sessions.logIn(email: "kim@example.com", password: "password1") }
    }

    @Test("with verification not required, an unverified account may log in")
    func verificationOptional() async throws {
        let fixture = AuthFixture(requireEmailVerification: false)
        try await fixture.account(verified: false)
        _ = try await fixture.sessions.logIn(email: "kim@example.com", password: "password1")
    }

    @Test("missing fields are named")
    func missing() async throws {
        await #expect(throws: MarketplaceError.invalid([FieldIssue(field: "email", message: "is required"),
                                                        FieldIssue(field: "password", message: "is required")])) {
            try await fixture.sessions.logIn(email: nil, password: nil)
        }
    }

    @Test("many concurrent logins with the right password are never throttled")
    func concurrentRightPasswords() async throws {
        try await fixture.account()
        let sessions = fixture.sessions
        let statuses = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { (try? await sessions.logIn(email: "kim@example.com", password: "password1")) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 })
    }

    @Test("a malformed email is refused like an unknown one, after one hash, and leaves nothing stored")
    func malformedEmail() async throws {
        let huge = String(repeating: "x", count: 100_000)
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.sessions.logIn(email: huge, password: "password1") }
        #expect(fixture.hasher.callCount == 1)
        #expect(fixture.attempts.count == 0)
    }
}
