import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Catalog: public /products and /categories") struct PublicCatalogTests {
    @Test("the listing shows ON_SALE products only, in the page shape, with the item fields of §3")
    func shape() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let shown = try catalog.product("Mug", stock: 0, token: token)
            try catalog.product("Secret", status: "HIDDEN", token: token)
            let reply = try catalog.get("/api/v1/products")
            #expect(reply.status == 200 && reply.header("Content-Type") == "application/json")
            let body = try reply.json()
            #expect(Set(body.keys) == ["items", "page", "size", "totalItems", "totalPages"])
            #expect(body["page"] as? Int == 1 && body["size"] as? Int == 20 && body["totalItems"] as? Int == 1 && body["totalPages"] as? Int == 1)
            let item = try #require((body["items"] as? [[String: Any]])?.first)
            #expect(Set(item.keys) == ["id", "sellerId", "name", "price", "stock", "soldOut", "category", "taxFree", "status",
                                       "thumbnailUrl", "createdAt"])
            #expect(item["id"] as? Int == shown && item["soldOut"] as? Bool == true && item["thumbnailUrl"] is NSNull)
            #expect(item["createdAt"] as? String == "2025-06-15T15:06:40.000Z")
        }
    }

    @Test("the detail shows an on-sale product with images; hidden, deleted or unknown ones are 404")
    func detail() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let shown = try catalog.product("Mug", token: token)
            let hidden = try catalog.product("Secret", status: "HIDDEN", token: token)
            let body = try catalog.get("/api/v1/products/\(shown)").json()
            #expect(body["name"] as? String == "Mug" && (body["images"] as? [Any])?.isEmpty == true && body["updatedAt"] is String)
            for path in ["/api/v1/products/\(hidden)", "/api/v1/products/999", "/api/v1/products/0", "/api/v1/products/x"] {
                expectProblem(try catalog.get(path), status: 404, code: "PRODUCT_NOT_FOUND")
            }
            #expect(try catalog.get("/api/v1/seller/products/\(hidden)", token: token).status == 200)
        }
    }

    @Test("paging out of range, non-numeric or an unknown sort is 400 INVALID_PARAMETER naming the parameter", arguments: [
        ("size=0", ["size"]), ("size=21", ["size"]), ("page=0", ["page"]), ("page=-1", ["page"]), ("size=abc", ["size"]),
        ("page=1.5", ["page"]), ("sort=oldest", ["sort"]), ("page=0&size=21", ["page", "size"]), ("%73ize=0", ["size"]),
    ])
    func badParameters(query: String, fields: [String]) async throws {
        try await CatalogHarness.run { catalog in
            let reply = try catalog.get("/api/v1/products?\(query)")
            expectProblem(reply, status: 400, code: "INVALID_PARAMETER")
            #expect(reply.fields == fields)
        }
    }

    @Test("each sort order breaks ties by id; totalItems and totalPages count every page")
    func sorts() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let b20 = try catalog.product("b", price: 20, token: token)
            let a10 = try catalog.product("a", price: 10, token: token)
            catalog.clock.advance(by: 1)
            let b10 = try catalog.product("b", price: 10, token: token)
            let upper = try catalog.product("B", price: 30, token: token)   // code point order: "B" < "a"
            #expect(try catalog.ids() == [upper, b10, a10, b20])
            #expect(try catalog.ids("sort=newest") == [upper, b10, a10, b20])
            #expect(try catalog.ids("sort=name") == [upper, a10, b20, b10])
            #expect(try catalog.ids("sort=price_asc") == [a10, b10, b20, upper])
            #expect(try catalog.ids("sort=price_desc") == [upper, b20, b10, a10])
            let page = try catalog.listing("sort=name&page=2&size=3")
            #expect((page["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [b10])
            #expect(page["totalItems"] as? Int == 4 && page["totalPages"] as? Int == 2 && page["page"] as? Int == 2)
            let beyond = try catalog.listing("page=9&size=3")
            #expect((beyond["items"] as? [Any])?.isEmpty == true && beyond["totalItems"] as? Int == 4)
        }
    }

    @Test("category filters exactly; q is a case-insensitive substring of the name, Korean too")
    func filters() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let mug = try catalog.product("Blue MUG", category: "kitchen", token: token)
            let korean = try catalog.product("파란 머그컵", category: "kitchen", token: token)
            let lamp = try catalog.product("Desk Lamp", category: "home", token: token)
            #expect(try catalog.ids("category=kitchen&sort=name") == [mug, korean])
            #expect(try catalog.ids("category=kit") == [])
            #expect(try catalog.ids("category=Kitchen") == [])
            #expect(try catalog.ids("q=mug") == [mug])
            #expect(try catalog.ids("q=bLuE+m") == [mug])
            #expect(try catalog.ids("q=%EB%A8%B8%EA%B7%B8") == [korean])   // 머그
            #expect(try catalog.ids("q=LAMP&category=home") == [lamp])
            #expect(try catalog.listing("q=lamp&category=kitchen")["totalItems"] as? Int == 0)
        }
    }

    @Test("categories list on-sale counts by name, and follow changes")
    func categories() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            try catalog.product("A", category: "toys", token: token)
            let book = try catalog.product("B", category: "books", token: token)
            try catalog.product("C", category: "books", token: token)
            try catalog.product("D", category: "garden", status: "HIDDEN", token: token)
            let reply = try catalog.get("/api/v1/categories")
            let list = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]]
            #expect(list?.map { "\($0["name"]!)=\($0["productCount"]!)" } == ["books=2", "toys=1"])
            _ = try catalog.auth.request("PATCH", "/api/v1/seller/products/\(book)", json: ["category": "toys"], token: token)
            let after = try JSONSerialization.jsonObject(with: Data(catalog.get("/api/v1/categories").body)) as? [[String: Any]]
            #expect(after?.map { "\($0["name"]!)=\($0["productCount"]!)" } == ["books=1", "toys=2"])
        }
    }
}
