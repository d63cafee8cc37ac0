import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Two servers on one PostgreSQL database share the auth limits (they live in it): a burst
/// split between them gets no more through than one server would let.
@Suite("Auth limits shared by two servers", .enabled(if: TestPostgres.isActive))
struct SharedLimitTests {
    @Test("30 wrong logins and 30 signups, half to each server at once: 5 checked, 10 created")
    func splitBurst() async throws {
        try await offPool {
            // One data directory, so both servers use one PostgreSQL schema.
            let dataDir = NSTemporaryDirectory() + "marketplace-test-" + UUID().uuidString
            let clock = TestClock()
            let configure: (inout AppConfig) -> Void = { config in
                config.storage.dataDir = dataDir
                config.auth.requireEmailVerification = false
            }
            let a = AuthHarness(server: try TestServer(configure: configure, clock: clock), clock: clock)
            let b = AuthHarness(server: try TestServer(configure: configure, clock: clock), clock: clock)
            #expect(try a.signUp("kim@example.com").status == 201)
            // Connections to both servers are all open before any request is sent.
            let harnesses = (0..<30).map { $0.isMultiple(of: 2) ? a : b }
            let logins = try harnesses.map { try $0.server.client() }
            let signups = try harnesses.map { try $0.server.client() }
            for (index, client) in logins.enumerated() {
                try client.send(Self.post("/api/v1/auth/login", ["email": "kim@example.com", "password": "wrong-\(index)"]))
            }
            for (index, client) in signups.enumerated() {
                try client.send(Self.post("/api/v1/auth/signup", AuthHarness.signupBody(email: "user\(index)@example.com")))
            }
            let loginReplies = try logins.map { try $0.read(timeout: 30) }
            let signupReplies = try signups.map { try $0.read(timeout: 30) }
            #expect(AuthHarness.statuses(loginReplies) == [401: 5, 429: 25])
            // kim's own signup came from 127.0.0.1 too: 9 of the burst fit in the hour's 10.
            #expect(AuthHarness.statuses(signupReplies) == [201: 9, 429: 21])
            #expect(try b.logIn("kim@example.com").status == 429, "the lockout holds on the other server too")
            await a.server.application.shutdown()
            await b.server.stop()
        }
    }

    static func post(_ path: String, _ json: [String: Any]) -> String {
        let body = AuthHarness.encode(json)
        return "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
    }
}
