import Foundation
import Marketplace
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Catalog: listing caches never serve stale pages") struct ListingCacheTests {
    @Test("create, patch and delete show in the next listing and count", arguments: [true, false])
    func writes(listingCache: Bool) async throws {
        try await CatalogHarness.run(listingCache: listingCache) { catalog in
            #expect((catalog.server.application.catalog.pages != nil) == listingCache)
            let token = try catalog.seller()
            let first = try catalog.product("Mug", token: token)
            #expect(try catalog.ids() == [first] && catalog.ids() == [first])   // the second is served from the cache
            let second = try catalog.product("Cup", token: token)
            #expect(try catalog.ids() == [second, first])
            #expect(try catalog.listing()["totalItems"] as? Int == 2)
            _ = try catalog.auth.request("PATCH", "/api/v1/seller/products/\(first)", json: ["name": "Zebra Mug"], token: token)
            let names = (try catalog.listing("sort=name")["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["Cup", "Zebra Mug"])
            _ = try catalog.auth.request("PATCH", "/api/v1/seller/products/\(second)", json: ["status": "HIDDEN"], token: token)
            #expect(try catalog.ids() == [first] && catalog.listing()["totalItems"] as? Int == 1)
            _ = try catalog.auth.request("DELETE", "/api/v1/seller/products/\(first)", token: token)
            #expect(try catalog.ids() == [] && catalog.listing()["totalItems"] as? Int == 0)
        }
    }

    @Test("a change made elsewhere (images, orders) shows once it advances the shared generation")
    func sharedGeneration() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let id = try catalog.product("Mug", stock: 5, token: token)
            #expect(((try catalog.listing()["items"] as? [[String: Any]])?.first?["stock"] as? Int) == 5)
            let application = catalog.server.application
            try await application.database.write { connection in
                try connection.execute("UPDATE products SET stock = 0, thumbnail_key = 'images/a.png' WHERE id = ?", id)
            }
            #expect(((try catalog.listing()["items"] as? [[String: Any]])?.first?["stock"] as? Int) == 5, "cached until the generation moves")
            application.catalog.generation.advance()
            let item = try #require((try catalog.listing()["items"] as? [[String: Any]])?.first)
            #expect(item["stock"] as? Int == 0 && item["soldOut"] as? Bool == true)
            #expect((item["thumbnailUrl"] as? String)?.hasSuffix("/blobs/images/a.png") == true)
        }
    }

    @Test("a product page is served from the cache until the generation moves, and patches show at once")
    func productPages() async throws {
        try await CatalogHarness.run { catalog in
            let token = try catalog.seller()
            let id = try catalog.product("Mug", stock: 5, token: token)
            func page() throws -> [String: Any] { try catalog.auth.request("GET", "/api/v1/products/\(id)").json() }
            #expect(try page()["stock"] as? Int == 5)
            let application = catalog.server.application
            try await application.database.write { try $0.execute("UPDATE products SET stock = 0 WHERE id = ?", id) }
            #expect(try page()["stock"] as? Int == 5, "cached until the generation moves")
            application.catalog.generation.advance()
            #expect(try page()["stock"] as? Int == 0)
            _ = try catalog.auth.request("PATCH", "/api/v1/seller/products/\(id)", json: ["name": "Zebra Mug", "stock": 3], token: token)
            let patched = try page()
            #expect(patched["name"] as? String == "Zebra Mug" && patched["stock"] as? Int == 3)
            _ = try catalog.auth.request("PATCH", "/api/v1/seller/products/\(id)", json: ["status": "HIDDEN"], token: token)
            #expect(try catalog.auth.request("GET", "/api/v1/products/\(id)").status == 404)
            #expect(application.catalog.productPages?.count == 1)
        }
    }

    @Test("the page cache keeps at most its capacity, dropping older generations first")
    func bounded() {
        let cache = ListingPageCache(capacity: 2)
        let queries = (1...3).map { ProductListingQuery(page: PageRequest(page: $0, size: 20)) }
        cache.store([1], for: queries[0], at: 0)
        cache.store([2], for: queries[1], at: 1)
        cache.store([3], for: queries[2], at: 1)
        #expect(cache.count == 2 && cache.body(for: queries[0], at: 0) == nil)
        #expect(cache.body(for: queries[1], at: 1) == [2] && cache.body(for: queries[1], at: 2) == nil)
        cache.store([9], for: queries[1], at: 0)   // computed before the kept one: never replaces it
        #expect(cache.body(for: queries[1], at: 1) == [2])
    }
}
