@testable import Auth
import Marketplace
import MarketplaceFakes
import Testing

/// Signup and resend limits (docs/API.md §12) over the fakes and a clock the test moves.
@Suite struct AuthLimitServiceTests {
    let fixture = AuthFixture()

    func resend(_ email: String = "kim@example.com") async throws {
        try await fixture.accounts.resendVerification(email: email)
    }

    @Test("a resend within a minute of the last is RATE_LIMITED with the seconds left; at 60 s it is allowed")
    func perMinute() async throws {
        try await fixture.account(verified: false)
        try await resend()
        fixture.clock.advance(by: 59.5)
        await #expect(throws: AuthError.rateLimited(.resendVerification, retryAfterSeconds: 1)) { try await resend() }
        fixture.clock.advance(by: 0.5)
        try await resend()
        #expect(fixture.mailer.sent.count == 3)   // signup's code, then two resends
    }

    @Test("the 6th resend within 24 hours is refused until the first leaves the day")
    func perDay() async throws {
        try await fixture.account(verified: false)
        let first = fixture.clock.now()
        for _ in 0..<5 {
            try await resend()
            fixture.clock.advance(by: 600)
        }
        let now = fixture.clock.now()
        await #expect(throws: AuthError.rateLimited(.resendVerification, retryAfterSeconds: Int(first + 86_400 - now))) { try await resend() }
        fixture.clock.advance(by: first + 86_400 - now - 1)
        await #expect(throws: AuthError.rateLimited(.resendVerification, retryAfterSeconds: 1)) { try await resend() }
        fixture.clock.advance(by: 1)
        try await resend()
        #expect(fixture.mailer.sent.count == 7)
    }

    @Test("an unknown email is limited exactly like a registered one, so a 429 tells nothing")
    func unknownEmail() async throws {
        try await fixture.account(verified: false)
        try await resend("kim@example.com")
        try await resend("nobody@example.com")
        await #expect(throws: AuthError.rateLimited(.resendVerification, retryAfterSeconds: 60)) { try await resend("kim@example.com") }
        await #expect(throws: AuthError.rateLimited(.resendVerification, retryAfterSeconds: 60)) { try await resend("NOBODY@example.com") }
        #expect(fixture.limits.count(.resendVerification(to: "nobody@example.com")) == 1)
    }

    @Test("an invalid email is 400 and counts nothing")
    func invalidEmail() async throws {
        await #expect(throws: MarketplaceError.self) { try await resend("not-an-email") }
        #expect(fixture.limits.rows.isEmpty)
    }

    @Test("a resend never resets the tries: the new code inherits the live code's wrong tries, and the mail says what is left")
    func triesCarryOver() async throws {
        let user = try await fixture.account(verified: false)
        let wrong = fixture.mailer.lastCode == "000000" ? "111111" : "000000"
        for _ in 0..<3 {
            await #expect(throws: AuthError.invalidVerificationCode) { try await fixture.accounts.verifyEmail(email: "kim@example.com", code: wrong) }
        }
        try await resend()
        #expect(try await fixture.codes.pending(for: user.id)?.failedAttempts == 3)
        #expect(fixture.mailer.sent.last?.body.contains("can be tried 2 times") == true)
        let fresh = try #require(fixture.mailer.lastCode)
        let wrongNow = fresh == "000000" ? "111111" : "000000"
        for _ in 0..<2 {
            await #expect(throws: AuthError.invalidVerificationCode) { try await fixture.accounts.verifyEmail(email: "kim@example.com", code: wrongNow) }
        }
        await #expect(throws: AuthError.verificationCodeExpired(voided: true)) {
            try await fixture.accounts.verifyEmail(email: "kim@example.com", code: fresh)
        }
    }

    @Test("a voided or expired code is replaced with a fresh budget of 5")
    func freshBudget() async throws {
        let user = try await fixture.account(verified: false)
        fixture.codes.setFailedAttempts(5, for: user.id)
        try await resend()
        #expect(try await fixture.codes.pending(for: user.id)?.failedAttempts == 0)
        fixture.codes.setFailedAttempts(2, for: user.id)
        fixture.clock.advance(by: PendingVerification.codeLifetime)
        try await resend()
        #expect(try await fixture.codes.pending(for: user.id)?.failedAttempts == 0)
        #expect(fixture.mailer.sent.last?.body.contains("can be tried 5 times") == true)
    }

    @Test("the right code on the last try still verifies; a try after the code is void answers void, even once expired")
    func lastTry() async throws {
        let user = try await fixture.account(verified: false)
        let code = try #require(fixture.mailer.lastCode)
        fixture.codes.setFailedAttempts(4, for: user.id)
        #expect(try await fixture.accounts.verifyEmail(email: "kim@example.com", code: code).emailVerified)

        try await fixture.account(email: "lee@example.com", verified: false)
        let lee = try #require(try await fixture.users.credentials(forEmail: "lee@example.com")?.user)
        fixture.codes.setFailedAttempts(5, for: lee.id)
        fixture.clock.advance(by: 3600)
        await #expect(throws: AuthError.verificationCodeExpired(voided: true)) {
            try await fixture.accounts.verifyEmail(email: "lee@example.com", code: "123456")
        }
    }

    @Test("10 signups an hour per address: the 11th is RATE_LIMITED until the first leaves the hour; other addresses are not")
    func signupsPerHour() async throws {
        let start = fixture.clock.now()
        for index in 0..<10 {
            _ = try await fixture.accounts.signUp(AuthFixture.form(email: "user\(index)@example.com"), from: AuthFixture.here)
            fixture.clock.advance(by: 30)
        }
        let now = fixture.clock.now()
        await #expect(throws: AuthError.rateLimited(.signup, retryAfterSeconds: Int(start + 3600 - now))) {
            try await fixture.accounts.signUp(AuthFixture.form(email: "late@example.com"), from: AuthFixture.here)
        }
        #expect(try await fixture.users.credentials(forEmail: "late@example.com") == nil)
        _ = try await fixture.accounts.signUp(AuthFixture.form(email: "late@example.com"), from: ClientAddress("127.0.0.2"))
        fixture.clock.advance(by: start + 3600 - now)
        _ = try await fixture.accounts.signUp(AuthFixture.form(email: "later@example.com"), from: AuthFixture.here)
    }

    @Test("an invalid form counts nothing, EMAIL_TAKEN counts, a signup the busy hasher never ran gives its slot back")
    func whatCounts() async throws {
        let here = AuthFixture.here
        await #expect(throws: MarketplaceError.self) { try await fixture.accounts.signUp(AuthFixture.form(password: "short"), from: here) }
        #expect(fixture.limits.count(.signup(from: here)) == 0)
        _ = try await fixture.accounts.signUp(AuthFixture.form(), from: here)
        await #expect(throws: AccountService.emailTaken) { try await fixture.accounts.signUp(AuthFixture.form(), from: here) }
        #expect(fixture.limits.count(.signup(from: here)) == 2)
        fixture.hasher.setBusy(true)
        await #expect(throws: MarketplaceError.self) { try await fixture.accounts.signUp(AuthFixture.form(email: "lee@example.com"), from: here) }
        #expect(fixture.limits.count(.signup(from: here)) == 2)
    }
}
