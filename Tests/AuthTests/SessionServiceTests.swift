@testable import Auth
import Marketplace
import MarketplaceFakes
import Testing

@Suite struct SessionServiceTests {
    let fixture = AuthFixture()
    static let elsewhere = ClientAddress("127.0.0.2")

    @Test("login returns a token valid for the configured lifetime; only its digest is stored")
    func login() async throws {
        try await fixture.account()
        let result = try await fixture.logIn("Kim@Example.com", "password1")
        #expect(result.expiresAt == fixture.clock.now() + 86_400)
        #expect(fixture.sessionStore.all.map(\.tokenHash) == [result.token.digest])
    }

    @Test("unknown email and wrong password fail alike, each after exactly one hash comparison")
    func indistinguishable() async throws {
        try await fixture.account()
        let before = fixture.hasher.callCount
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.logIn("kim@example.com", "wrongpass") }
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.logIn("who@example.com", "wrongpass") }
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.logIn("kim@example.com", "pass\u{0}word1") }
        #expect(fixture.hasher.callCount == before + 3)
    }

    @Test("the sixth attempt from one address within 15 minutes is refused even with the right password, until the window passes")
    func throttle() async throws {
        try await fixture.account()
        for _ in 0..<5 {
            await #expect(throws: AuthError.invalidCredentials) { try await fixture.logIn("kim@example.com", "wrongpass") }
            fixture.clock.advance(by: 10)
        }
        let hashes = fixture.hasher.callCount
        await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 850)) { try await fixture.logIn("kim@example.com", "password1") }
        #expect(fixture.hasher.callCount == hashes, "a refused attempt is never checked")
        fixture.clock.advance(by: 849.5)
        await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 1)) { try await fixture.logIn("kim@example.com", "password1") }
        fixture.clock.advance(by: 0.5)
        try await fixture.logIn("kim@example.com", "password1")
    }

    @Test("another address is not locked by the first one's failures, until the email's 20 across addresses")
    func perEmailCeiling() async throws {
        try await fixture.account()
        for _ in 0..<5 { _ = try? await fixture.logIn("kim@example.com", "wrongpass") }
        await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 900)) { try await fixture.logIn("kim@example.com", "password1") }
        try await fixture.logIn("kim@example.com", "password1", from: Self.elsewhere)
        for host in 3...5 {
            fixture.clock.advance(by: 1)
            for _ in 0..<5 {
                await #expect(throws: AuthError.invalidCredentials) {
                    try await fixture.logIn("kim@example.com", "wrongpass", from: ClientAddress("127.0.0.\(host)"))
                }
            }
        }
        #expect(fixture.attempts.failures == 20)
        // Locked everywhere now, until the oldest failure (at the start) leaves the window.
        await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 897)) {
            try await fixture.logIn("kim@example.com", "password1", from: ClientAddress("127.0.0.9"))
        }
    }

    @Test("a successful login forgets its address's failures, not another address's")
    func successClears() async throws {
        try await fixture.account()
        for _ in 0..<4 { _ = try? await fixture.logIn("kim@example.com", "wrongpass") }
        for _ in 0..<2 { _ = try? await fixture.logIn("kim@example.com", "wrongpass", from: Self.elsewhere) }
        #expect(fixture.attempts.failures == 6)
        try await fixture.logIn("kim@example.com", "password1")
        #expect(fixture.attempts.rows.map(\.address) == [Self.elsewhere, Self.elsewhere])
    }

    @Test("an attempt the busy hasher never checked gives its slot back")
    func busyReleases() async throws {
        try await fixture.account()
        fixture.hasher.setBusy(true)
        for _ in 0..<8 {
            await #expect(throws: MarketplaceError.self) { try await fixture.logIn("kim@example.com", "wrongpass") }
        }
        #expect(fixture.attempts.count == 0)
        fixture.hasher.setBusy(false)
        try await fixture.logIn("kim@example.com", "password1")
    }

    @Test("unverified and suspended accounts are told so only with the right password")
    func refusals() async throws {
        let user = try await fixture.account(verified: false)
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.logIn("kim@example.com", "wrongpass") }
        await #expect(throws: AuthError.emailNotVerified) { try await fixture.logIn("kim@example.com", "password1") }
        _ = try await fixture.users.setStatus(.suspended, of: user.id)
        await #expect(throws: AuthError.accountSuspended) { try await fixture.logIn("kim@example.com", "password1") }
    }

    @Test("with verification not required, an unverified account may log in")
    func verificationOptional() async throws {
        let fixture = AuthFixture(requireEmailVerification: false)
        try await fixture.account(verified: false)
        try await fixture.logIn("kim@example.com", "password1")
    }

    @Test("missing fields are named")
    func missing() async throws {
        await #expect(throws: MarketplaceError.invalid([FieldIssue(field: "email", message: "is required"),
                                                        FieldIssue(field: "password", message: "is required")])) {
            try await fixture.logIn(nil, nil)
        }
    }

    @Test("concurrent logins with the right password are bounded like any attempt, and leave no failure behind")
    func concurrentRightPasswords() async throws {
        try await fixture.account()
        let sessions = fixture.sessions
        let results = await withTaskGroup(of: Result<Bool, AuthError>.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await sessions.logIn(email: "kim@example.com", password: "password1", from: AuthFixture.here)
                        return .success(true)
                    } catch let error as AuthError {
                        return .failure(error)
                    } catch {
                        return .success(false)
                    }
                }
            }
            return await group.reduce(into: [Result<Bool, AuthError>]()) { $0.append($1) }
        }
        let succeeded = results.filter { $0 == .success(true) }.count
        #expect(succeeded >= 5, "the first five claims always pass")
        #expect(results.allSatisfy { if case .failure(.tooManyAttempts) = $0 { true } else { $0 == .success(true) } })
        #expect(fixture.attempts.count == 0)
    }

    @Test("a malformed email is refused like an unknown one, after one hash, and leaves nothing stored")
    func malformedEmail() async throws {
        let huge = String(repeating: "x", count: 100_000)
        await #expect(throws: AuthError.invalidCredentials) { try await fixture.logIn(huge, "password1") }
        #expect(fixture.hasher.callCount == 1)
        #expect(fixture.attempts.count == 0)
    }
}
