@testable import Auth
import Marketplace
import MarketplaceFakes
import Testing

@Suite struct AccountServiceTests {
    let fixture = AuthFixture()

    @Test("signup stores a hash, not the password, and mails a code to the address")
    func signup() async throws {
        let user = try await fixture.accounts.signUp(AuthFixture.form(), from: AuthFixture.here)
        #expect(!user.emailVerified && user.role == .customer)
        #expect(try await fixture.users.credentials(forEmail: "kim@example.com")?.passwordHash == "fake:password1")
        #expect(fixture.mailer.sent.map(\.to.value) == ["kim@example.com"])
        #expect(fixture.mailer.lastCode.map(PendingVerification.isWellFormed) == true)
    }

    @Test("a second signup with the same email in another case is EMAIL_TAKEN, without hashing")
    func duplicate() async throws {
        try await fixture.account()
        let before = fixture.hasher.callCount
        await #expect(throws: AccountService.emailTaken) { try await fixture.accounts.signUp(AuthFixture.form(email: "KIM@Example.com"), from: AuthFixture.here) }
        #expect(fixture.hasher.callCount == before)
    }

    @Test("the right code verifies the account once")
    func verify() async throws {
        try await fixture.account(verified: false)
        let code = try #require(fixture.mailer.lastCode)
        #expect(try await fixture.accounts.verifyEmail(email: "KIM@example.com", code: code).emailVerified)
        await #expect(throws: AuthError.invalidVerificationCode) { try await fixture.accounts.verifyEmail(email: "kim@example.com", code: code) }
    }

    @Test("five wrong tries void the code, even for the right one afterwards")
    func fiveWrongTries() async throws {
        try await fixture.account(verified: false)
        let code = try #require(fixture.mailer.lastCode)
        let wrong = code == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            await #expect(throws: AuthError.invalidVerificationCode) { try await fixture.accounts.verifyEmail(email: "kim@example.com", code: wrong) }
        }
        await #expect(throws: AuthError.verificationCodeExpired(voided: true)) {
            try await fixture.accounts.verifyEmail(email: "kim@example.com", code: code)
        }
    }

    @Test("a code expires after 10 minutes")
    func expiry() async throws {
        try await fixture.account(verified: false)
        let code = try #require(fixture.mailer.lastCode)
        fixture.clock.advance(by: 600)
        await #expect(throws: AuthError.verificationCodeExpired(voided: false)) {
            try await fixture.accounts.verifyEmail(email: "kim@example.com", code: code)
        }
    }

    @Test("resend mails a fresh code that replaces the old one; unknown and verified emails get nothing")
    func resend() async throws {
        try await fixture.account(verified: false)
        let old = try #require(fixture.mailer.lastCode)
        try await fixture.accounts.resendVerification(email: "kim@example.com")
        try await fixture.accounts.resendVerification(email: "nobody@example.com")
        #expect(fixture.mailer.sent.count == 2)
        let fresh = try #require(fixture.mailer.lastCode)
        if fresh != old {
            await #expect(throws: AuthError.invalidVerificationCode) { try await fixture.accounts.verifyEmail(email: "kim@example.com", code: old) }
        }
        #expect(try await fixture.accounts.verifyEmail(email: "kim@example.com", code: fresh).emailVerified)
        fixture.clock.advance(by: 60)
        try await fixture.accounts.resendVerification(email: "kim@example.com")
        #expect(fixture.mailer.sent.count == 2)
    }

    @Test("createAdmin makes a verified ADMIN once and then reports the existing account")
    func createAdmin() async throws {
        guard case .created(let admin) = try await fixture.accounts.createAdmin(email: "root@example.com", password: "adminpass") else {
            Issue.record("not created"); return
        }
        #expect(admin.role == .admin && admin.emailVerified)
        #expect(try await fixture.accounts.createAdmin(email: "ROOT@example.com", password: "adminpass") == .exists(admin))
        #expect(fixture.mailer.sent.isEmpty)
    }
}
