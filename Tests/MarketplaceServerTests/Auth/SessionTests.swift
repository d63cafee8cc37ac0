import Auth
import Foundation
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Sessions, /me and logout") struct SessionTests {
    @Test("GET /me answers the token's account with Cache-Control: no-store")
    func me() async throws {
        try await AuthHarness.run { harness in
            let id = try harness.verifiedAccount("kim@example.com", role: "SELLER")
            let reply = try harness.request("GET", "/api/v1/me", token: try harness.token("kim@example.com"))
            #expect(reply.status == 200)
            #expect(reply.header("Cache-Control") == "no-store")
            #expect((try reply.json()["id"] as? NSNumber)?.int64Value == id)
        }
    }

    @Test("no token, a malformed header, another scheme or an unknown token is 401 with WWW-Authenticate: Bearer", arguments: [
        [], [("Authorization", "Bearer")], [("Authorization", "Basic a2ltOnBhc3N3b3Jk")],
        [("Authorization", "Bearer " + String(repeating: "A", count: 43))], [("Authorization", "Bearer not-a-token")],
    ])
    func unauthorized(_ headers: [(String, String)]) async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.request("GET", "/api/v1/me", headers: headers)
            #expect(reply.status == 401 && reply.code == "UNAUTHORIZED")
            #expect(reply.header("WWW-Authenticate") == "Bearer")
            #expect(reply.header("Cache-Control") == "no-store")
        }
    }

    @Test("a token is accepted only from the Authorization header, never from the query string")
    func notFromQuery() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            let token = try harness.token("kim@example.com")
            #expect(try harness.request("GET", "/api/v1/me?access_token=\(token)").status == 401)
            #expect(try harness.request("GET", "/api/v1/me?token=\(token)").status == 401)
            #expect(try harness.request("GET", "/api/v1/me", headers: [("Authorization", "bearer \(token)")]).status == 200)
        }
    }

    @Test("logout answers 204 and the token is revoked at once; other sessions live on")
    func logout() async throws {
        try await AuthHarness.run { harness in
            try harness.verifiedAccount("kim@example.com")
            let first = try harness.token("kim@example.com"), second = try harness.token("kim@example.com")
            #expect(try harness.request("POST", "/api/v1/auth/logout", token: first).status == 204)
            #expect(try harness.request("GET", "/api/v1/me", token: first).status == 401)
            #expect(try harness.request("POST", "/api/v1/auth/logout", token: first).status == 401)
            #expect(try harness.request("GET", "/api/v1/me", token: second).status == 200)
        }
    }

    @Test("logout without a token is 401")
    func logoutNeedsToken() async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.request("POST", "/api/v1/auth/logout")
            #expect(reply.status == 401 && reply.header("WWW-Authenticate") == "Bearer")
        }
    }

    @Test("the database files never hold a raw token, a password or a verification code")
    func nothingRawStored() async throws {
        try await AuthHarness.run { harness in
            _ = try harness.signUp("kim@example.com")
            let code = try harness.mailedCode(to: "kim@example.com")
            _ = try harness.verify("kim@example.com", code: code)
            let tokens = try (0..<3).map { _ in try harness.token("kim@example.com") }
            var bytes = Data()
            if TestPostgres.isActive {
                // The rows themselves, as PostgreSQL returns them (its files are the server's, not ours).
                let text = try await harness.server.application.database.read { connection in
                    try ["users", "sessions", "email_verifications", "login_attempts", "rate_limit_events"].flatMap { table in
                        try connection.query("SELECT * FROM \(table)").flatMap { $0.values.map { "\($0)" } }
                    }.joined(separator: "\n")
                }
                bytes.append(Data(text.utf8))
            } else {
                let files = try FileManager.default.contentsOfDirectory(atPath: harness.server.dataDir).filter { $0.hasPrefix("marketplace.sqlite") }
                #expect(files.contains("marketplace.sqlite"))
                for file in files { bytes.append(try Data(contentsOf: URL(fileURLWithPath: harness.server.dataDir + "/" + file))) }
            }
            for secret in tokens + [AuthHarness.password] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil)
            }
            #expect(bytes.range(of: Data("$2b$04$".utf8)) != nil, "the password is stored as bcrypt")
        }
    }

    @Test("no response ever carries a password hash, a token digest or a verification code")
    func nothingLeaks() async throws {
        try await AuthHarness.run { harness in
            let admin = try await harness.adminToken()
            var bodies = [try harness.signUp("kim@example.com").text]
            let code = try harness.mailedCode(to: "kim@example.com")
            bodies.append(try harness.verify("kim@example.com", code: code).text)
            bodies.append(try harness.logIn("kim@example.com").text)
            let token = try harness.token("kim@example.com")
            bodies.append(try harness.request("GET", "/api/v1/me", token: token).text)
            bodies.append(try harness.request("GET", "/api/v1/admin/users", token: admin).text)
            bodies.append(try harness.request("PATCH", "/api/v1/admin/users/2", json: ["status": "ACTIVE"], token: admin).text)
            let digest = SessionToken.digest(of: token)
            for body in bodies {
                #expect(!body.contains("$2b$") && !body.contains("password") && !body.contains(digest))
                #expect(!body.contains("\"\(code)\""))
            }
        }
    }
}

