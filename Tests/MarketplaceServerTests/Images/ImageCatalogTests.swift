import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Images as the public catalog shows them: the listing's `thumbnailUrl` (cached per catalog
/// generation, so every image change must advance it) and the product's `images`.
@Suite struct ImageCatalogTests {
    private func listedThumbnail(_ harness: ImageHarness, _ product: Int64) throws -> Any? {
        let items = try harness.server.request("GET", "/api/v1/products?size=20").jsonObject["items"] as? [[String: Any]] ?? []
        return items.first { ($0["id"] as? NSNumber)?.int64Value == product }?["thumbnailUrl"] as Any?
    }

    @Test("uploads and deletes move the listing's thumbnailUrl at once, and the product shows its images")
    func thumbnails() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            #expect(try listedThumbnail(harness, product) is NSNull)   // cached now, at this generation
            let first = try harness.upload(ImageBytes.png(), as: "image/png", to: product)
            let second = try harness.upload(ImageBytes.gif(), as: "image/gif", to: product)
            let urls = [first, second].map { $0.jsonObject["url"] as? String ?? "" }
            #expect(try listedThumbnail(harness, product) as? String == urls[0])

            let detail = try harness.server.request("GET", "/api/v1/products/\(product)").jsonObject
            let images = detail["images"] as? [[String: Any]] ?? []
            #expect(images.map { $0["url"] as? String ?? "" } == urls)
            #expect(images.map { $0["position"] as? Int ?? -1 } == [0, 1])

            #expect(try harness.delete(first.int64s.id, of: product).status == 204)
            #expect(try listedThumbnail(harness, product) as? String == urls[1])
            #expect(try harness.delete(second.int64s.id, of: product).status == 204)
            #expect(try listedThumbnail(harness, product) is NSNull)
        }
    }
}
