import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct ImageOwnershipTests {
    @Test("another seller can neither upload to nor delete from a product: 404 PRODUCT_NOT_FOUND, and nothing changes")
    func anotherSeller() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            let mine = try harness.upload(ImageBytes.png(), as: "image/png", to: product)
            let imageID = mine.int64s.id
            let (_, other) = try harness.account("other@example.com")
            expectProblem(try harness.upload(ImageBytes.png(), as: "image/png", to: product, token: other), status: 404, code: "PRODUCT_NOT_FOUND")
            expectProblem(try harness.upload(Array("text".utf8), as: "image/png", to: product, token: other), status: 404, code: "PRODUCT_NOT_FOUND")
            expectProblem(try harness.delete(imageID, of: product, token: other), status: 404, code: "PRODUCT_NOT_FOUND")
            #expect(try await harness.imageRows(product) == 1 && harness.objectFiles().count == 1)
            #expect(try harness.fetch(mine.jsonObject["url"] as? String ?? "").status == 200)
        }
    }

    @Test("deleted, unknown and malformed product ids are 404; a customer is 403; no token is 401")
    func notFoundAndRealm() async throws {
        try await ImageHarness.run { harness in
            let deleted = try await harness.product(status: "DELETED")
            expectProblem(try harness.upload(ImageBytes.png(), as: "image/png", to: deleted), status: 404, code: "PRODUCT_NOT_FOUND")
            expectProblem(try harness.upload(ImageBytes.png(), as: "image/png", to: 999_999), status: 404, code: "PRODUCT_NOT_FOUND")
            let malformed = try harness.server.request("DELETE", "/api/v1/seller/products/abc/images/1",
                                                       headers: [("Authorization", "Bearer \(harness.token)")])
            expectProblem(malformed, status: 404, code: "PRODUCT_NOT_FOUND")
            let (_, customer) = try harness.account("buyer@example.com", role: "CUSTOMER")
            let product = try await harness.product()
            expectProblem(try harness.upload(ImageBytes.png(), as: "image/png", to: product, token: customer), status: 403, code: "FORBIDDEN_ROLE")
            #expect(try harness.server.request("POST", ImageHarness.imagesPath(product)).status == 401)
            #expect(harness.leftovers().isEmpty)
        }
    }

    @Test("deleting removes the row and the blob file, keeps other positions, and moves the thumbnail to the next lowest")
    func delete() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            let replies = try (0..<3).map { try harness.upload(ImageBytes.png(2000 + $0), as: "image/png", to: product) }
            let urls = replies.map { $0.jsonObject["url"] as? String ?? "" }
            let key = { (url: String) in String(url[url.range(of: "/blobs/")!.upperBound...]) }
            #expect(harness.objectFiles().count == 3)

            #expect(try harness.delete(replies[0].int64s.id, of: product).status == 204)
            #expect(try await harness.thumbnailKey(product) == key(urls[1]))
            #expect(harness.objectFiles().count == 2)
            #expect(!FileManager.default.fileExists(atPath: harness.dataDir + "/blobs/" + key(urls[0])))
            expectProblem(try harness.fetch(urls[0]), status: 404, code: "OBJECT_NOT_FOUND")
            expectProblem(try harness.delete(replies[0].int64s.id, of: product), status: 404, code: "IMAGE_NOT_FOUND")

            // The others keep their positions; a new image goes after the last.
            let next = try harness.upload(ImageBytes.png(), as: "image/png", to: product)
            #expect(next.int64s.position == 3)
            #expect(try harness.delete(replies[2].int64s.id, of: product).status == 204)
            #expect(try await harness.thumbnailKey(product) == key(urls[1]))
            #expect(try harness.delete(replies[1].int64s.id, of: product).status == 204)
            #expect(try await harness.thumbnailKey(product) == key(next.jsonObject["url"] as? String ?? ""))
            #expect(try harness.delete(next.int64s.id, of: product).status == 204)
            #expect(try await harness.thumbnailKey(product) == nil)
            #expect(harness.objectFiles().isEmpty)
        }
    }
}
