@testable import Auth
import Marketplace
import MarketplaceFakes
import Testing

@Suite struct AuthenticatorTests {
    let fixture = AuthFixture()

    func loggedIn() async throws -> (User, LoginResult) {
        let user = try await fixture.account()
        return (user, try await fixture.logIn("kim@example.com", "password1"))
    }

    @Test("a fresh token yields its account's principal and session")
    func valid() async throws {
        let (user, login) = try await loggedIn()
        let principal = try #require(try await fixture.authenticator.principal(forToken: login.token.value))
        #expect(principal.userID == user.id && principal.role == .customer && principal.sessionID != nil)
    }

    @Test("unknown, malformed and expired tokens yield nobody")
    func invalid() async throws {
        let (_, login) = try await loggedIn()
        #expect(try await fixture.authenticator.principal(forToken: "nope") == nil)
        #expect(try await fixture.authenticator.principal(forToken: try SessionToken.generate().value) == nil)
        fixture.clock.advance(by: fixture.settings.tokenLifetime)
        #expect(try await fixture.authenticator.principal(forToken: login.token.value) == nil)
    }

    @Test("a suspended account's token stops working on the next request")
    func suspended() async throws {
        let (user, login) = try await loggedIn()
        _ = try await fixture.users.setStatus(.suspended, of: user.id)
        #expect(try await fixture.authenticator.principal(forToken: login.token.value) == nil)
    }

    @Test("logout revokes exactly the session it was called through")
    func logout() async throws {
        let (_, first) = try await loggedIn()
        let second = try await fixture.logIn("kim@example.com", "password1")
        let principal = try #require(try await fixture.authenticator.principal(forToken: first.token.value))
        try await fixture.sessions.logOut(principal)
        #expect(try await fixture.authenticator.principal(forToken: first.token.value) == nil)
        #expect(try await fixture.authenticator.principal(forToken: second.token.value) != nil)
    }
}
