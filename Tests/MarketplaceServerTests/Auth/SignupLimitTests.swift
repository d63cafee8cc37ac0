import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// docs/API.md §12: 10 signups an hour per client address, counted before the work.
@Suite("Signups per client address") struct SignupLimitTests {
    @Test("30 concurrent signups from one address: exactly 10 × 201 and 10 accounts, 20 × 429 with Retry-After; other addresses may sign up")
    func burst() async throws {
        try await AuthHarness.run { harness in
            let bodies = (0..<30).map { AuthHarness.signupBody(email: "user\($0)@example.com") }
            let replies = try harness.burst("/api/v1/auth/signup", bodies)
            #expect(AuthHarness.statuses(replies) == [201: 10, 429: 20])
            for reply in replies where reply.status == 429 {
                #expect(reply.code == "RATE_LIMITED" && reply.header("Retry-After") == "3600")
            }
            #expect(try await harness.rows("users") == 10)
            #expect(try harness.signUp("late@example.com").status == 429)
            #expect(try harness.post("/api/v1/auth/signup", AuthHarness.signupBody(email: "late@example.com"), from: "127.0.0.2").status == 201)
            harness.clock.advance(by: 3600)
            #expect(try harness.signUp("later@example.com").status == 201)
        }
    }

    @Test("a refused signup and an invalid one change nothing; EMAIL_TAKEN counts as a signup")
    func whatCounts() async throws {
        try await AuthHarness.run(configure: { $0.authLimits.signupsPerHour = 2 }) { harness in
            #expect(try harness.signUp("kim@example.com", password: "short").status == 400)
            #expect(try harness.signUp("kim@example.com").status == 201)
            #expect(try harness.signUp("KIM@example.com").code == "EMAIL_TAKEN")
            let refused = try harness.signUp("lee@example.com")
            #expect(refused.status == 429 && refused.code == "RATE_LIMITED")
            #expect(try harness.mails(to: "lee@example.com").isEmpty)
            #expect(try await harness.rows("users") == 1)
        }
    }
}
