import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Login throttling") struct ThrottleTests {
    /// Five failed logins for `email`, a minute apart, each answered 401.
    static func fail5(_ harness: AuthHarness, _ email: String) throws {
        for attempt in 1...5 {
            let reply = try harness.logIn(email, password: "wrong-password-\(attempt)")
            #expect(reply.status == 401, "attempt \(attempt)")
            harness.clock.advance(by: 60)
        }
    }

    @Test("the 6th attempt within 15 minutes is 429 TOO_MANY_ATTEMPTS with Retry-After, even with the right password")
    func sixthRefused() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            try Self.fail5(harness, "kim@example.com")
            let reply = try harness.logIn("kim@example.com")
            #expect(reply.status == 429 && reply.code == "TOO_MANY_ATTEMPTS")
            #expect(reply.header("Retry-After") == "600")   // first failure at t, now t+300, window 900
            #expect(!reply.text.contains("token"))
        }
    }

    @Test("the lock lasts for the rest of the window, then the right password works")
    func windowEnds() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            try Self.fail5(harness, "KIM@example.com")
            harness.clock.advance(by: 599)
            #expect(try harness.logIn("kim@example.com").status == 429)
            harness.clock.advance(by: 1)
            #expect(try harness.logIn("kim@example.com").status == 200)
        }
    }

    @Test("a successful login forgets earlier failures; other emails are not affected")
    func successResets() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            try harness.verifiedAccount("lee@example.com")
            for _ in 0..<4 { _ = try harness.logIn("kim@example.com", password: "wrong-password") }
            #expect(try harness.logIn("kim@example.com").status == 200)
            for _ in 0..<4 { _ = try harness.logIn("kim@example.com", password: "wrong-password") }
            #expect(try harness.logIn("kim@example.com").status == 200)
            try Self.fail5(harness, "lee@example.com")
            #expect(try harness.logIn("kim@example.com").status == 200)
        }
    }

    @Test("an unknown email is throttled exactly like a known one, so the 429 reveals nothing")
    func unknownEmail() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            try Self.fail5(harness, "kim@example.com")
            try Self.fail5(harness, "nobody@example.com")
            harness.clock.advance(by: -300)
            let known = try harness.logIn("kim@example.com")
            let unknown = try harness.logIn("nobody@example.com")
            #expect(known.status == 429 && unknown.status == 429)
            #expect(unknown.header("Retry-After") == "900")
        }
    }
}
