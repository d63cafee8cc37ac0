import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Realms") struct RealmTests {
    static let realms = [("seller", "SELLER"), ("customer", "CUSTOMER"), ("admin", "ADMIN")]

    /// A probe route in each realm that echoes the principal the middleware handed over.
    static func probes(_ router: inout Router) {
        for (path, role) in realms {
            let doc = OperationDoc("realm probe", tag: "test", replies: [.init(status: 200, description: "ok")])
            router.add(.get, "/api/v1/\(path)/probe", access: .role(Role(rawValue: role)!), doc: doc) { _, principal in
                Response.text("\(principal.role.rawValue) \(principal.userID.rawValue)")
            }
        }
    }

    /// A server with the probes and a logged-in account of each role (tokens by role name).
    static func run(_ body: (AuthHarness, [String: String]) async throws -> Void) async throws {
        try await AuthHarness.run(extraRoutes: probes) { harness in
            var tokens: [String: String] = ["ADMIN": try await harness.adminToken()]
            for role in ["SELLER", "CUSTOMER"] {
                try harness.verifiedAccount("\(role.lowercased())@example.com", role: role)
                tokens[role] = try harness.token("\(role.lowercased())@example.com")
            }
            try await body(harness, tokens)
        }
    }

    @Test("each realm lets its own role through and hands the handler the principal")
    func ownRole() async throws {
        try await Self.run { harness, tokens in
            for (path, role) in Self.realms {
                let reply = try harness.request("GET", "/api/v1/\(path)/probe", token: tokens[role])
                #expect(reply.status == 200 && reply.text.hasPrefix(role + " "))
                #expect(reply.header("Cache-Control") == "no-store")
            }
        }
    }

    @Test("a valid token of another role is 403 FORBIDDEN_ROLE, on existing and unknown paths alike")
    func wrongRole() async throws {
        try await Self.run { harness, tokens in
            for (path, role) in Self.realms {
                for (other, token) in tokens where other != role {
                    for suffix in ["probe", "no/such/route"] {
                        let reply = try harness.request("GET", "/api/v1/\(path)/\(suffix)", token: token)
                        #expect(reply.status == 403 && reply.code == "FORBIDDEN_ROLE", "\(other) on \(path)/\(suffix)")
                    }
                }
            }
        }
    }

    @Test("no, bad, revoked or suspended tokens are 401 with WWW-Authenticate: Bearer in every realm")
    func unauthenticated() async throws {
        try await Self.run { harness, tokens in
            let seller = try #require(tokens["SELLER"])
            let revoked = try harness.token("customer@example.com")
            _ = try harness.request("POST", "/api/v1/auth/logout", token: revoked)
            for (path, _) in Self.realms {
                for token in [nil, "garbage", revoked] as [String?] {
                    let reply = try harness.request("GET", "/api/v1/\(path)/probe", token: token)
                    #expect(reply.status == 401 && reply.code == "UNAUTHORIZED")
                    #expect(reply.header("WWW-Authenticate") == "Bearer")
                }
                #expect(try harness.request("DELETE", "/api/v1/\(path)/probe").status == 401, "405 only after authentication")
                #expect(try harness.request("GET", "/api/v1/\(path)/unknown").status == 401, "404 only after authentication")
            }
            #expect(try harness.request("GET", "/api/v1/seller/unknown", token: seller).status == 404)
        }
    }

    @Test("public routes need no token and are not marked no-store")
    func publicRoutes() async throws {
        try await Self.run { harness, _ in
            let reply = try harness.request("GET", "/healthz")
            #expect(reply.status == 200 && reply.header("Cache-Control") == nil)
            #expect(try harness.request("GET", "/api/v1/sellers").status == 404)
        }
    }
}
