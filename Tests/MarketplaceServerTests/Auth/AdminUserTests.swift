import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Admin: /admin/users") struct AdminUserTests {
    /// An admin (id 1), three sellers and two customers.
    static func seeded(_ body: (AuthHarness, String) async throws -> Void) async throws {
        try await AuthHarness.run { harness in
            let admin = try await harness.adminToken()
            for index in 1...3 { _ = try harness.signUp("seller\(index)@example.com", role: "SELLER") }
            for index in 1...2 { _ = try harness.signUp("customer\(index)@example.com") }
            try await body(harness, admin)
        }
    }

    static func emails(_ reply: TestClient.Reply) throws -> [String] {
        try (reply.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
    }

    @Test("listing pages through every account, oldest first, in the page shape of §1")
    func paging() async throws {
        try await Self.seeded { harness, admin in
            let reply = try harness.request("GET", "/api/v1/admin/users?page=2&size=2", token: admin)
            #expect(reply.status == 200 && reply.header("Cache-Control") == "no-store")
            let body = try reply.json()
            #expect(body["page"] as? Int == 2 && body["size"] as? Int == 2)
            #expect(body["totalItems"] as? Int == 6 && body["totalPages"] as? Int == 3)
            #expect(try Self.emails(reply) == ["seller2@example.com", "seller3@example.com"])
            let defaults = try harness.request("GET", "/api/v1/admin/users", token: admin).json()
            #expect(defaults["page"] as? Int == 1 && defaults["size"] as? Int == 20)
        }
    }

    @Test("role and status filter the list")
    func filters() async throws {
        try await Self.seeded { harness, admin in
            #expect(try Self.emails(harness.request("GET", "/api/v1/admin/users?role=CUSTOMER", token: admin))
                == ["customer1@example.com", "customer2@example.com"])
            _ = try harness.request("PATCH", "/api/v1/admin/users/3", json: ["status": "SUSPENDED"], token: admin)
            #expect(try Self.emails(harness.request("GET", "/api/v1/admin/users?role=SELLER&status=SUSPENDED", token: admin))
                == ["seller2@example.com"])
            #expect(try harness.request("GET", "/api/v1/admin/users?status=ACTIVE", token: admin).json()["totalItems"] as? Int == 5)
        }
    }

    @Test("out-of-range paging or unknown filter values are 400 INVALID_PARAMETER", arguments: [
        "size=0", "size=101", "page=0", "page=-1", "size=abc", "role=OWNER", "status=BANNED", "role=admin",
    ])
    func badParameters(_ query: String) async throws {
        try await Self.seeded { harness, admin in
            let reply = try harness.request("GET", "/api/v1/admin/users?\(query)", token: admin)
            #expect(reply.status == 400 && reply.code == "INVALID_PARAMETER")
            #expect(reply.fields == [String(query.prefix { $0 != "=" })])
        }
    }

    @Test("size 100 is the largest page")
    func largestPage() async throws {
        try await Self.seeded { harness, admin in
            let reply = try harness.request("GET", "/api/v1/admin/users?size=100", token: admin)
            #expect(reply.status == 200)
        }
    }

    @Test("suspension stops the account's tokens at once and refuses its login; reinstating lets it log in again")
    func suspension() async throws {
        try await AuthHarness.run { harness in
            let admin = try await harness.adminToken()
            let id = try harness.verifiedAccount("kim@example.com")
            let token = try harness.token("kim@example.com")
            let suspended = try harness.request("PATCH", "/api/v1/admin/users/\(id)", json: ["status": "SUSPENDED"], token: admin)
            let status = try suspended.json()["status"] as? String
            #expect(suspended.status == 200 && status == "SUSPENDED")
            #expect(try harness.request("GET", "/api/v1/me", token: token).status == 401)
            let login = try harness.logIn("kim@example.com")
            #expect(login.status == 403 && login.code == "ACCOUNT_SUSPENDED")
            #expect(try harness.logIn("kim@example.com", password: "wrong-password").status == 401)
            _ = try harness.request("PATCH", "/api/v1/admin/users/\(id)", json: ["status": "ACTIVE"], token: admin)
            #expect(try harness.request("GET", "/api/v1/me", token: token).status == 401, "old tokens stay revoked")
            #expect(try harness.logIn("kim@example.com").status == 200)
        }
    }

    @Test("PATCH refuses unknown ids, bad statuses and self-suspension")
    func patchErrors() async throws {
        try await Self.seeded { harness, admin in
            #expect(try harness.request("PATCH", "/api/v1/admin/users/999", json: ["status": "ACTIVE"], token: admin).code == "USER_NOT_FOUND")
            #expect(try harness.request("PATCH", "/api/v1/admin/users/abc", json: ["status": "ACTIVE"], token: admin).status == 404)
            let bad = try harness.request("PATCH", "/api/v1/admin/users/2", json: ["status": "BANNED"], token: admin)
            #expect(bad.status == 400 && bad.fields == ["status"])
            let missing = try harness.request("PATCH", "/api/v1/admin/users/2", json: [:], token: admin)
            #expect(missing.status == 400 && missing.fields == ["status"])
            let me = try harness.request("PATCH", "/api/v1/admin/users/1", json: ["status": "SUSPENDED"], token: admin)
            #expect(me.status == 409 && me.code == "CANNOT_SUSPEND_SELF")
        }
    }
}
