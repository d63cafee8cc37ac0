import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Email verification") struct VerificationTests {
    @Test("signup mails one RFC 5322 message whose subject and body tell the code, and the code verifies")
    func mailAndVerify() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let mails = try harness.mails(to: "kim@example.com")
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            let code = try harness.mailedCode(to: "kim@example.com")
            #expect(mail.contains("\r\nSubject: =?UTF-8?B?") && mail.contains("인증 코드는 \(code) 입니다."))
            #expect(mail.hasPrefix("Date: ") && mail.contains("\r\nMessage-ID: <") && mail.contains("\r\n\r\n"))
            let reply = try harness.verify("KIM@example.com", code: code)
            #expect(reply.status == 200)
            #expect(try reply.json()["emailVerified"] as? Bool == true)
            #expect(!reply.text.contains(code))
        }
    }

    @Test("a wrong code is 400 INVALID_VERIFICATION_CODE, as is any code for an unknown email")
    func wrongCode() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let code = try harness.mailedCode(to: "kim@example.com")
            let wrong = try harness.verify("kim@example.com", code: code == "000000" ? "000001" : "000000")
            #expect(wrong.status == 400 && wrong.code == "INVALID_VERIFICATION_CODE")
            let unknown = try harness.verify("nobody@example.com", code: code)
            #expect(unknown.status == 400 && unknown.code == "INVALID_VERIFICATION_CODE")
            #expect(try harness.verify("kim@example.com", code: code).status == 200)
        }
    }

    @Test("five wrong tries void the code: the right one then answers 410")
    func fiveWrongTries() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let code = try harness.mailedCode(to: "kim@example.com")
            let wrong = code == "999999" ? "999998" : "999999"
            for _ in 0..<5 { #expect(try harness.verify("kim@example.com", code: wrong).status == 400) }
            let reply = try harness.verify("kim@example.com", code: code)
            #expect(reply.status == 410 && reply.code == "VERIFICATION_CODE_EXPIRED")
        }
    }

    @Test("a code expires after 10 minutes: 410 VERIFICATION_CODE_EXPIRED")
    func expiry() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let code = try harness.mailedCode(to: "kim@example.com")
            harness.clock.advance(by: 599)
            _ = try harness.signUp("lee@example.com")
            let leeCode = try harness.mailedCode(to: "lee@example.com")
            harness.clock.advance(by: 1)
            let reply = try harness.verify("kim@example.com", code: code)
            #expect(reply.status == 410 && reply.code == "VERIFICATION_CODE_EXPIRED")
            #expect(try harness.verify("lee@example.com", code: leeCode).status == 200)
        }
    }

    @Test("a malformed code is INVALID_REQUEST naming code", arguments: ["12345", "1234567", "abcdef", ""])
    func malformedCode(_ code: String) async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.verify("kim@example.com", code: code)
            #expect(reply.status == 400 && reply.code == "INVALID_REQUEST" && reply.fields == ["code"])
        }
    }

    @Test("resend answers 202 alike for known and unknown emails, and mails a fresh code that works after expiry")
    func resend() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            harness.clock.advance(by: 3600)
            let known = try harness.post("/api/v1/auth/resend-verification", ["email": "kim@example.com"])
            let unknown = try harness.post("/api/v1/auth/resend-verification", ["email": "nobody@example.com"])
            #expect(known.status == 202 && unknown.status == 202)
            #expect(known.body == unknown.body)
            #expect(try harness.mails(to: "kim@example.com").count == 2)
            #expect(try harness.mails(to: "nobody@example.com").isEmpty)
            #expect(try harness.verify("kim@example.com", code: try harness.mailedCode(to: "kim@example.com")).status == 200)
        }
    }

    @Test("resend refuses a body without a valid email")
    func resendValidation() async throws {
        try await AuthHarness.run { harness in
            let invalid = try harness.post("/api/v1/auth/resend-verification", ["email": "nope"])
            let missing = try harness.post("/api/v1/auth/resend-verification", [:])
            #expect(invalid.status == 400 && invalid.fields == ["email"])
            #expect(missing.status == 400 && missing.fields == ["email"])
        }
    }

    @Test("login before verification is refused with 403 EMAIL_NOT_VERIFIED, but only with the right password")
    func loginBeforeVerification() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let reply = try harness.logIn("kim@example.com")
            #expect(reply.status == 403 && reply.code == "EMAIL_NOT_VERIFIED")
            #expect(try harness.logIn("kim@example.com", password: "not-the-password").status == 401)
        }
    }

    @Test("with auth.requireEmailVerification off, an unverified account logs in")
    func verificationOptional() async throws {
        try await AuthHarness.run(configure: { $0.auth.requireEmailVerification = false }) { harness in
            _ = try harness.signUp("kim@example.com")
            #expect(try harness.logIn("kim@example.com").status == 200)
        }
    }
}
