import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// docs/API.md §12 for email verification: a try is claimed before the code is compared, and
/// resends are limited per email without ever resetting the tries.
@Suite("Verification codes and resends under bursts") struct VerificationBurstTests {
    static let resendPath = "/api/v1/auth/resend-verification"

    static func other(than code: String) -> String { code == "000000" ? "111111" : "000000" }

    @Test("30 concurrent wrong codes: exactly 5 INVALID_VERIFICATION_CODE, the rest 410 voided; the right code after is 410")
    func wrongCodeBurst() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let code = try harness.mailedCode(to: "kim@example.com")
            let bodies = Array(repeating: ["email": "kim@example.com", "code": Self.other(than: code)], count: 30)
            let replies = try harness.burst("/api/v1/auth/verify-email", bodies)
            #expect(AuthHarness.statuses(replies) == [400: 5, 410: 25])
            #expect(Set(replies.compactMap(\.code)) == ["INVALID_VERIFICATION_CODE", "VERIFICATION_CODE_EXPIRED"])
            let right = try harness.verify("kim@example.com", code: code)
            #expect(right.status == 410 && right.code == "VERIFICATION_CODE_EXPIRED" && right.text.contains("void"))
        }
    }

    @Test("resends: a burst mails one code; once a minute (Retry-After counts down), then 5 a day")
    func resendLimits() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let replies = try harness.burst(Self.resendPath, Array(repeating: ["email": "kim@example.com"], count: 10))
            #expect(AuthHarness.statuses(replies) == [202: 1, 429: 9])
            for reply in replies where reply.status == 429 {
                #expect(reply.code == "RATE_LIMITED" && reply.header("Retry-After") == "60")
            }
            #expect(try harness.mails(to: "kim@example.com").count == 2)   // signup's code and one resend
            harness.clock.advance(by: 45)
            #expect(try harness.post(Self.resendPath, ["email": "kim@example.com"]).header("Retry-After") == "15")
            for _ in 0..<4 {
                harness.clock.advance(by: 60)
                #expect(try harness.post(Self.resendPath, ["email": "kim@example.com"]).status == 202)
            }
            harness.clock.advance(by: 60)
            let daily = try harness.post(Self.resendPath, ["email": "KIM@example.com"])
            #expect(daily.status == 429 && daily.code == "RATE_LIMITED")
            #expect(daily.header("Retry-After") == String(86_400 - 45 - 5 * 60))
            #expect(try harness.mails(to: "kim@example.com").count == 6)
        }
    }

    @Test("an unknown email is limited exactly like a registered one: same answers, same Retry-After")
    func unknownEmail() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            for email in ["kim@example.com", "nobody@example.com"] {
                #expect(try harness.post(Self.resendPath, ["email": email]).status == 202)
            }
            let known = try harness.post(Self.resendPath, ["email": "kim@example.com"])
            let unknown = try harness.post(Self.resendPath, ["email": "nobody@example.com"])
            #expect(known.status == 429 && unknown.status == 429)
            #expect(known.body == unknown.body && known.header("Retry-After") == unknown.header("Retry-After"))
        }
    }

    @Test("a resend never resets the tries: its code inherits the live code's wrong tries; a void code gets a fresh one")
    func resendKeepsTries() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let first = try harness.mailedCode(to: "kim@example.com")
            for _ in 0..<3 { #expect(try harness.verify("kim@example.com", code: Self.other(than: first)).status == 400) }
            #expect(try harness.post(Self.resendPath, ["email": "kim@example.com"]).status == 202)
            let second = try harness.mailedCode(to: "kim@example.com")
            #expect(try harness.mails(to: "kim@example.com").last?.contains("2번 시도할 수 있습니다") == true)
            for _ in 0..<2 { #expect(try harness.verify("kim@example.com", code: Self.other(than: second)).status == 400) }
            #expect(try harness.verify("kim@example.com", code: second).status == 410)
            harness.clock.advance(by: 60)
            #expect(try harness.post(Self.resendPath, ["email": "kim@example.com"]).status == 202)
            #expect(try harness.mails(to: "kim@example.com").last?.contains("5번 시도할 수 있습니다") == true)
            #expect(try harness.verify("kim@example.com", code: try harness.mailedCode(to: "kim@example.com")).status == 200)
        }
    }
}
