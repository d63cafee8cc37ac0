import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// docs/API.md §12: a login attempt counts before its password is checked, per (email, client
/// address) and per email, in the database.
@Suite("Login attempts under bursts") struct LoginBurstTests {
    static func wrong(_ count: Int, _ email: String = "kim@example.com") -> [[String: Any]] {
        (0..<count).map { ["email": email, "password": "wrong-password-\($0)"] }
    }

    @Test("30 concurrent wrong passwords: exactly 5 are checked (401), 25 get 429 with Retry-After; the right one after is refused")
    func burst() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            let replies = try harness.burst("/api/v1/auth/login", Self.wrong(30))
            #expect(AuthHarness.statuses(replies) == [401: 5, 429: 25])
            for reply in replies where reply.status == 429 {
                #expect(reply.code == "TOO_MANY_ATTEMPTS" && reply.header("Retry-After") == "900")
            }
            let right = try harness.logIn("kim@example.com")
            #expect(right.status == 429 && right.header("Retry-After") == "900" && !right.text.contains("token"))
            // 5 failures are far below the email's ceiling of 20: another address logs in.
            #expect(try harness.logIn("kim@example.com", from: "127.0.0.2").status == 200)
            #expect(try await harness.rows("login_attempts") == 5)
        }
    }

    @Test("the right password sent while the burst is being checked is refused too")
    func rightPasswordInsideTheBurst() async throws {
        // bcrypt at cost 10: the five claimed attempts are still being hashed when it arrives.
        try await AuthHarness.run(configure: { $0.auth.bcryptCost = 10 }) { harness in
            try harness.verifiedAccount("kim@example.com")
            let clients = try (0..<30).map { _ in try harness.server.client() }
            for (client, json) in zip(clients, Self.wrong(30)) {
                let body = AuthHarness.encode(json)
                try client.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
            }
            try await waitUntil("5 claimed attempts", timeout: 10) { try await harness.rows("login_attempts") == 5 }
            let right = try harness.logIn("kim@example.com")
            let replies = try clients.map { try $0.read(timeout: 30) }
            #expect(right.status == 429 && right.code == "TOO_MANY_ATTEMPTS", "\(right.status) \(right.text)")
            #expect(AuthHarness.statuses(replies) == [401: 5, 429: 25])
            #expect(try harness.logIn("kim@example.com").status == 429, "and right after the burst")
        }
    }

    @Test("another address is not locked by the first one's failures until the email's 20, then every address is")
    func perEmailCeiling() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            for attempt in 0..<5 { #expect(try harness.logIn("kim@example.com", password: "wrong-\(attempt)").status == 401) }
            #expect(try harness.logIn("kim@example.com").status == 429)
            #expect(try harness.logIn("kim@example.com", from: "127.0.0.2").status == 200)
            for host in 2...4 {
                harness.clock.advance(by: 60)
                let replies = try harness.burst("/api/v1/auth/login", Self.wrong(5), from: "127.0.0.\(host)")
                #expect(AuthHarness.statuses(replies) == [401: 5], "127.0.0.\(host)")
            }
            // 20 failures for the email within the window: locked from anywhere until the first leaves it.
            let refused = try harness.logIn("kim@example.com", from: "127.0.0.5")
            #expect(refused.status == 429 && refused.code == "TOO_MANY_ATTEMPTS")
            #expect(refused.header("Retry-After") == "720")
            harness.clock.advance(by: 720)
            #expect(try harness.logIn("kim@example.com", from: "127.0.0.5").status == 200)
        }
    }

    @Test("the lockout is in the database: a restarted server on the same data still refuses, until the window ends")
    func survivesRestart() async throws {
        try await offPool {
            let dataDir = NSTemporaryDirectory() + "marketplace-test-" + UUID().uuidString
            let clock = TestClock()
            let configure: (inout AppConfig) -> Void = { config in
                config.storage.dataDir = dataDir
                config.auth.requireEmailVerification = false
            }
            let first = try TestServer(configure: configure, clock: clock)
            let before = AuthHarness(server: first, clock: clock)
            #expect(try before.signUp("kim@example.com").status == 201)
            #expect(AuthHarness.statuses(try before.burst("/api/v1/auth/login", Self.wrong(5))) == [401: 5])
            await first.application.shutdown()

            clock.advance(by: 100)
            let second = try TestServer(configure: configure, clock: clock)
            let after = AuthHarness(server: second, clock: clock)
            let refused = try after.logIn("kim@example.com")
            #expect(refused.status == 429 && refused.header("Retry-After") == "800")
            clock.advance(by: 800)
            #expect(try after.logIn("kim@example.com").status == 200)
            await second.stop()
        }
    }
}
