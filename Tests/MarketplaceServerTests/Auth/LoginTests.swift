import Marketplace
import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("POST /auth/login") struct LoginTests {
    @Test("login answers {token, tokenType: Bearer, expiresAt, user} with Cache-Control: no-store")
    func success() async throws {
        try await AuthHarness.run { harness in
            let id = try harness.verifiedAccount("kim@example.com", role: "SELLER")
            let reply = try harness.logIn("KIM@example.com")
            #expect(reply.status == 200)
            #expect(reply.header("Cache-Control") == "no-store")
            let body = try reply.json()
            #expect(Set(body.keys) == ["token", "tokenType", "expiresAt", "user"])
            let token = try #require(body["token"] as? String)
            #expect(token.count == 43 && token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            #expect(body["tokenType"] as? String == "Bearer")
            #expect(body["expiresAt"] as? String == RFC3339.milliseconds(harness.clock.now() + 86_400))
            let user = try #require(body["user"] as? [String: Any])
            #expect((user["id"] as? NSNumber)?.int64Value == id && user["role"] as? String == "SELLER")
        }
    }

    @Test("unknown email and wrong password answer the same status and body")
    func indistinguishable() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            let wrong = try harness.logIn("kim@example.com", password: "wrong-password")
            let unknown = try harness.logIn("nobody@example.com", password: "wrong-password")
            #expect(wrong.status == 401 && unknown.status == 401)
            #expect(wrong.code == "INVALID_CREDENTIALS")
            #expect(wrong.body == unknown.body)
            #expect(wrong.header("WWW-Authenticate") == unknown.header("WWW-Authenticate"))
        }
    }

    @Test("unknown email and wrong password take roughly the same time (both pay one bcrypt comparison)")
    func sameTime() async throws {
        try await AuthHarness.run(configure: { $0.auth.bcryptCost = 10 }) { harness in
            try harness.verifiedAccount("kim@example.com")
            var wrong: [Double] = [], unknown: [Double] = []
            for attempt in 0..<5 {   // interleaved, so that load from other tests hits both alike; 5 stays under the throttle
                wrong.append(try seconds { _ = try harness.logIn("kim@example.com", password: "wrong-password-\(attempt)") })
                unknown.append(try seconds { _ = try harness.logIn("nobody@example.com", password: "wrong-password-\(attempt)") })
            }
            let (w, u) = (wrong.sorted()[2], unknown.sorted()[2])
            #expect(w > 0.02 && u > 0.02, "cost 10 makes each answer wait for a real hash: \(w) s, \(u) s")
            #expect(max(w, u) / min(w, u) < 2, "median wrong password \(w) s, unknown email \(u) s")
        }
    }

    @Test("missing or mistyped fields are INVALID_REQUEST naming them")
    func validation() async throws {
        try await AuthHarness.run { harness in
            let missing = try harness.post("/api/v1/auth/login", [:])
            let mistyped = try harness.post("/api/v1/auth/login", ["email": "kim@example.com", "password": 12345678])
            #expect(missing.status == 400 && Set(missing.fields) == ["email", "password"])
            #expect(mistyped.status == 400 && mistyped.fields == ["password"])
        }
    }

    @Test("a token expires after auth.tokenTtl")
    func expiry() async throws {
        try await AuthHarness.run(configure: { $0.auth.tokenTtl = 60 }) { harness in
            try harness.verifiedAccount("kim@example.com")
            let token = try harness.token("kim@example.com")
            harness.clock.advance(by: 59)
            #expect(try harness.request("GET", "/api/v1/me", token: token).status == 200)
            harness.clock.advance(by: 1)
            let reply = try harness.request("GET", "/api/v1/me", token: token)
            #expect(reply.status == 401 && reply.header("WWW-Authenticate") == "Bearer")
        }
    }
}
