import Foundation
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// A real server with sellers and products made over HTTP, for the catalog's tests.
struct CatalogHarness {
    let auth: AuthHarness
    var server: TestServer { auth.server }
    var clock: TestClock { auth.clock }

    /// Runs `body` against a fresh server (listing cache on or off), stopping it afterwards.
    static func run<T>(listingCache: Bool = true, _ body: (CatalogHarness) async throws -> T) async throws -> T {
        try await AuthHarness.run(configure: { $0.catalog.listingCache = listingCache }) { auth in
            try await body(CatalogHarness(auth: auth))
        }
    }

    /// A verified SELLER's token.
    func seller(_ email: String = "seller@example.com") throws -> String {
        try auth.verifiedAccount(email, role: "SELLER")
        return try auth.token(email)
    }

    /// A verified CUSTOMER's token.
    func customer(_ email: String = "customer@example.com") throws -> String {
        try auth.verifiedAccount(email)
        return try auth.token(email)
    }

    static func fields(_ name: String, price: Int = 10_000, stock: Int = 5, category: String = "home",
                       extra: [String: Any] = [:]) -> [String: Any] {
        ["name": name, "price": price, "stock": stock, "category": category].merging(extra) { $1 }
    }

    /// Creates a product and returns its id.
    @discardableResult
    func product(_ name: String, price: Int = 10_000, stock: Int = 5, category: String = "home", status: String = "ON_SALE",
                 token: String) throws -> Int {
        let reply = try auth.request("POST", "/api/v1/seller/products", json: Self.fields(
            name, price: price, stock: stock, category: category, extra: ["status": status]), token: token)
        guard reply.status == 201, let id = try reply.json()["id"] as? Int else {
            throw AuthHarness.Failure.unexpected("create \(reply.status): \(reply.text)")
        }
        return id
    }

    func get(_ path: String, token: String? = nil) throws -> TestClient.Reply {
        try auth.request("GET", path, token: token)
    }

    /// The listing's JSON for `query` (after `?`).
    func listing(_ query: String = "") throws -> [String: Any] {
        let reply = try get("/api/v1/products?\(query)")
        guard reply.status == 200 else { throw AuthHarness.Failure.unexpected("listing \(reply.status): \(reply.text)") }
        return try reply.json()
    }

    /// The ids of the listing's items for `query`.
    func ids(_ query: String = "") throws -> [Int] {
        (try listing(query)["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }
}
