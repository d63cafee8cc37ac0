import TestHTTP
import Foundation
import Testing

/// Two real servers on one PostgreSQL database: a seller suspended through one server leaves
/// the other's cached listing and product page (the catalog generation crosses by NOTIFY),
/// and comes back there when reinstated. Only on the PostgreSQL run.
@Suite("Two servers: a suspended seller", .enabled(if: TestPostgres.isActive), .serialized)
struct TwoServerSuspensionTests {
    @Test("suspended on A, the product leaves B's cached listing and page within a couple of seconds; reinstated, it returns")
    func suspensionAcrossServers() async throws {
        try await offPool {
            let pair = try ServerPair(environment: TwoServerTests.environment, adminOnA: true)
            let seller = try signUpAndLogIn(port: pair.a, email: "seller@example.com", role: "SELLER")
            let created = try jsonRequest(port: pair.a, "POST", "/api/v1/seller/products", CatalogHarness.fields("Mug"), token: seller)
            let product = try #require(try created.json()["id"] as? Int)
            let sellerID = try #require(try created.json()["sellerId"] as? Int)
            let root = try TestClient(port: pair.a).request(
                "POST", "/api/v1/auth/login", headers: [("Content-Type", "application/json")],
                body: AuthHarness.encode(["email": ServerPair.adminEmail, "password": ServerPair.adminPassword]))
            let rootToken = try #require(try root.json()["token"] as? String)
            func shown(_ port: Int) throws -> (listed: Bool, page: Int) {
                let listing = try TestClient(port: port).request("GET", "/api/v1/products").json()
                let listed = (listing["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == product } ?? false
                return (listed, try TestClient(port: port).request("GET", "/api/v1/products/\(product)").status)
            }
            func eventually(_ port: Int, _ expected: (listed: Bool, page: Int)) async throws -> Double {
                let started = Date()
                var seen = try shown(port)
                while (seen.listed != expected.listed || seen.page != expected.page) && Date().timeIntervalSince(started) < 5 {
                    try await Task.sleep(for: .milliseconds(25))
                    seen = try shown(port)
                }
                #expect(seen.listed == expected.listed && seen.page == expected.page, "port \(port): \(seen)")
                return Date().timeIntervalSince(started)
            }
            for status in ["SUSPENDED", "ACTIVE"] {
                let expected = status == "ACTIVE" ? (true, 200) : (false, 404)
                let before = try shown(pair.b), again = try shown(pair.b)   // cached on B
                #expect(before.listed == !expected.0 && again.listed == before.listed && again.page == before.page)
                let changed = try jsonRequest(port: pair.a, "PATCH", "/api/v1/admin/users/\(sellerID)", ["status": status], token: rootToken)
                #expect(changed.status == 200, "\(changed.text)")
                #expect(try shown(pair.a) == expected, "on A at once")
                let elapsed = try await eventually(pair.b, expected)
                #expect(elapsed < 2.5, "B took \(elapsed) s")
            }
            try pair.stop()
        }
    }
}
