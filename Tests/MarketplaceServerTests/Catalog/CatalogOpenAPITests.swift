import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("OpenAPI: catalog") struct CatalogOpenAPITests {
    static let routes: [(String, String, Bool)] = [
        ("/api/v1/products", "get", false), ("/api/v1/products/{id}", "get", false), ("/api/v1/categories", "get", false),
        ("/api/v1/seller/products", "post", true), ("/api/v1/seller/products", "get", true),
        ("/api/v1/seller/products/{id}", "get", true), ("/api/v1/seller/products/{id}", "patch", true),
        ("/api/v1/seller/products/{id}", "delete", true),
    ]

    @Test("/openapi.json describes every catalog route, and every schema it refers to exists")
    func documented() async throws {
        // No socket needed: the document comes straight from the responder.
        try await InProcessClient.run { client in
            let reply = try await client.request("GET", "/openapi.json")
            let document = try reply.json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, method, secured) in Self.routes {
                let operation = try #require(paths[path]?[method] as? [String: Any], "\(method) \(path)")
                #expect((operation["security"] != nil) == secured, "\(method) \(path)")
            }
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let text = reply.text
            var references = Set<String>()
            var rest = text[...]
            while let range = rest.range(of: "#/components/schemas/") {
                rest = rest[range.upperBound...]
                references.insert(String(rest.prefix { $0 != "\"" }))
            }
            #expect(references.isSuperset(of: ["Product", "ProductSummaryPage", "CategoryCount", "CreateProductRequest"]))
            for name in references { #expect(schemas[name] != nil, "\(name) is referred to but not defined") }
            let item = try #require(((schemas["ProductSummary"] as? [String: Any])?["properties"] as? [String: Any]))
            #expect(Set(item.keys) == ["id", "sellerId", "name", "price", "stock", "soldOut", "category", "taxFree", "status",
                                       "thumbnailUrl", "createdAt"])
        }
    }
}
