import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Catalog: /seller/products") struct SellerProductTests {
    @Test("create answers 201 with the product, its defaults and a Location")
    func create() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let reply = try catalog.auth.request("POST", "/api/v1/seller/products", json: CatalogHarness.fields(
                "12\" Pan", extra: ["description": "Cast iron\nheavy"]), token: token)
            #expect(reply.status == 201)
            let body = try reply.json()
            let id = try #require(body["id"] as? Int)
            #expect(reply.header("Location") == "/api/v1/seller/products/\(id)")
            #expect(Set(body.keys) == ["id", "sellerId", "name", "description", "price", "stock", "soldOut", "category", "taxFree",
                                       "status", "images", "createdAt", "updatedAt"])
            #expect(body["name"] as? String == "12\" Pan" && body["description"] as? String == "Cast iron\nheavy")
            #expect(body["taxFree"] as? Bool == false && body["status"] as? String == "ON_SALE" && body["soldOut"] as? Bool == false)
            #expect((body["images"] as? [Any])?.isEmpty == true)
            #expect(body["createdAt"] as? String == "2025-06-15T15:06:40.000Z")
        }
    }

    @Test("every invalid, missing, null or mistyped field is named in one 400")
    func validation() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let bad = try catalog.auth.request("POST", "/api/v1/seller/products", json: [
                "name": "", "description": String(repeating: "x", count: 5001), "price": 1_000_000_001, "stock": -1,
                "category": "Books!", "taxFree": "yes", "status": "DELETED",
            ], token: token)
            #expect(bad.status == 400 && bad.code == "INVALID_REQUEST")
            #expect(bad.fields == ["name", "description", "price", "stock", "category", "taxFree", "status"])
            let missing = try catalog.auth.request("POST", "/api/v1/seller/products", json: ["description": "only"], token: token)
            #expect(missing.fields == ["name", "price", "stock", "category"])
            let mixed = try catalog.auth.request("POST", "/api/v1/seller/products", raw: #"{"name": null, "price": 1.5, "stock": "3"}"#,
                                                 token: token)
            #expect(mixed.fields == ["name", "price", "stock", "category"])
            #expect(try catalog.auth.request("POST", "/api/v1/seller/products", raw: "[1]", token: token).code == "INVALID_REQUEST")
            #expect(try catalog.auth.request("POST", "/api/v1/seller/products", raw: "{", token: token).code == "INVALID_REQUEST")
        }
    }

    @Test("PATCH changes any subset; absent fields stay; null or a wrong type is 400")
    func patch() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let id = try catalog.product("Mug", price: 9000, token: token)
            let path = "/api/v1/seller/products/\(id)"
            catalog.clock.advance(by: 61)
            let patched = try catalog.auth.request("PATCH", path, json: ["stock": 0, "taxFree": true], token: token)
            let body = try patched.json()
            #expect(patched.status == 200 && body["stock"] as? Int == 0 && body["soldOut"] as? Bool == true)
            #expect(body["taxFree"] as? Bool == true && body["name"] as? String == "Mug" && body["price"] as? Int == 9000)
            #expect(body["updatedAt"] as? String == "2025-06-15T15:07:41.000Z" && body["createdAt"] as? String == "2025-06-15T15:06:40.000Z")
            let null = try catalog.auth.request("PATCH", path, raw: #"{"name": null, "price": "cheap", "stock": -5}"#, token: token)
            #expect(null.status == 400 && null.fields == ["name", "price", "stock"])
            #expect(try catalog.auth.request("PATCH", path, raw: "", token: token).status == 400)
            #expect(try catalog.get(path, token: token).json()["name"] as? String == "Mug")
        }
    }

    @Test("another seller's product is 404 for GET, PATCH (even with a bad body) and DELETE")
    func otherSeller() async throws {
        try await CatalogHarness.run { catalog in
            let owner = try catalog.seller("owner@example.com")
            let intruder = try catalog.seller("intruder@example.com")
            let path = "/api/v1/seller/products/\(try catalog.product("Mug", token: owner))"
            for reply in [try catalog.get(path, token: intruder),
                          try catalog.auth.request("PATCH", path, json: ["price": 1], token: intruder),
                          try catalog.auth.request("PATCH", path, json: ["price": -1], token: intruder),
                          try catalog.auth.request("PATCH", path, raw: "{", token: intruder),
                          try catalog.auth.request("DELETE", path, token: intruder),
                          try catalog.get("/api/v1/seller/products/999", token: owner),
                          try catalog.get("/api/v1/seller/products/abc", token: owner)] {
                expectProblem(reply, status: 404, code: "PRODUCT_NOT_FOUND")
            }
            #expect(try catalog.get(path, token: owner).json()["price"] as? Int == 10_000)
            #expect(try catalog.get("/api/v1/seller/products", token: intruder).json()["totalItems"] as? Int == 0)
        }
    }

    @Test("DELETE is 204, then the product is gone for its seller, the listing and the detail")
    func softDelete() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let id = try catalog.product("Mug", token: token)
            #expect(try catalog.ids() == [id])
            #expect(try catalog.auth.request("DELETE", "/api/v1/seller/products/\(id)", token: token).status == 204)
            #expect(try catalog.ids() == [])
            expectProblem(try catalog.get("/api/v1/products/\(id)"), status: 404, code: "PRODUCT_NOT_FOUND")
            expectProblem(try catalog.get("/api/v1/seller/products/\(id)", token: token), status: 404, code: "PRODUCT_NOT_FOUND")
            #expect(try catalog.auth.request("DELETE", "/api/v1/seller/products/\(id)", token: token).status == 404)
        }
    }

    @Test("the seller's list includes hidden products, filters by status, and pages within 1–20")
    func list() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let first = try catalog.product("Shown", token: token)
            let hidden = try catalog.product("Hidden", status: "HIDDEN", token: token)
            let all = try catalog.get("/api/v1/seller/products", token: token).json()
            #expect((all["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [hidden, first])
            let onlyHidden = try catalog.get("/api/v1/seller/products?status=HIDDEN", token: token).json()
            #expect(onlyHidden["totalItems"] as? Int == 1)
            for query in ["status=DELETED", "size=21", "page=0"] {
                let reply = try catalog.get("/api/v1/seller/products?\(query)", token: token)
                #expect(reply.status == 400 && reply.code == "INVALID_PARAMETER")
            }
        }
    }

    @Test("the seller realm needs a SELLER token")
    func realm() async throws {
        try await CatalogHarness.run { catalog in
            let customer = try catalog.customer()
            expectProblem(try catalog.get("/api/v1/seller/products", token: customer), status: 403, code: "FORBIDDEN_ROLE")
            #expect(try catalog.auth.request("POST", "/api/v1/seller/products", json: CatalogHarness.fields("Mug")).status == 401)
        }
    }
}
