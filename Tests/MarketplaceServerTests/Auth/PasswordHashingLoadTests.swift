import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// bcrypt runs on its own bounded pool: logins queue there instead of on the event loops.
@Suite("Password hashing under load") struct PasswordHashingLoadTests {
    static func loginRequest(_ email: String, password: String = AuthHarness.password) -> String {
        let body = AuthHarness.encode(["email": email, "password": password])
        return "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    @Test("50 concurrent logins do not stall GET /healthz: it still answers within 500 ms, and every login succeeds")
    func healthzStaysFast() async throws {
        try await AuthHarness.run(configure: { config in
            config.auth.bcryptCost = 10
            // 50 attempts of one email at once: lift the attempt limits (docs/API.md §12), which would refuse 45 of them.
            config.authLimits.loginFailuresPerAddress = 50
            config.authLimits.loginFailuresPerEmail = 50
        }) { harness in
            try harness.verifiedAccount("kim@example.com")
            let clients = try (0..<50).map { _ in try harness.server.client() }
            let started = Date()
            for client in clients { try client.send(Self.loginRequest("kim@example.com")) }
            var slowest = 0.0
            for _ in 0..<10 {
                var status = 0
                let elapsed = try seconds { status = try harness.server.request("GET", "/healthz").status }
                #expect(status == 200)
                slowest = max(slowest, elapsed)
            }
            let probesDone = Date().timeIntervalSince(started)
            let statuses = try clients.map { try $0.read(timeout: 30).status }
            let loginsDone = Date().timeIntervalSince(started)
            #expect(slowest < 0.5, "slowest /healthz took \(slowest) s")
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(loginsDone > probesDone, "the probes ran while logins were still hashing")
        }
    }

    @Test("when the hashing queue overflows, logins get 503 with Retry-After at once instead of hanging")
    func overflow() async throws {
        try await AuthHarness.run(configure: { config in
            config.auth.bcryptCost = 11   // ~90 ms a hash: the queue is still full when the last request lands
            config.auth.hashWorkers = 1
            config.auth.hashQueueLimit = 1
        }) { harness in
            try harness.verifiedAccount("kim@example.com")
            // 5: within the attempt limit of one (email, address), so the overflow alone refuses.
            let clients = try (0..<5).map { _ in try harness.server.client() }
            for client in clients { try client.send(Self.loginRequest("kim@example.com")) }
            let replies = try clients.map { try $0.read(timeout: 10) }
            let refused = replies.filter { $0.status == 503 }
            #expect(!refused.isEmpty, "\(replies.map(\.status))")
            #expect(replies.allSatisfy { $0.status == 200 || $0.status == 503 })
            for reply in refused {
                #expect(reply.code == "SERVICE_UNAVAILABLE")
                #expect(Int(reply.header("Retry-After") ?? "") ?? 0 >= 1)
            }
            #expect(try harness.logIn("kim@example.com").status == 200, "refused attempts do not count as failures")
            // Nor do they hold a slot: five wrong passwords are all still checked.
            for attempt in 0..<5 {
                #expect(try harness.logIn("kim@example.com", password: "wrong-\(attempt)").status == 401, "attempt \(attempt)")
            }
        }
    }
}
