import Auth
import Foundation
import Testing
import TestHTTP
@testable import MarketplaceServer

/// The image API and `/s3` share one directory: what a seller uploads is an S3 object.
@Suite("/s3: images uploaded through the API")
struct S3ImageTests {
    @Test("an image uploaded through the API is listed and served by /s3 with its ETag; deleting it there removes it from /blobs")
    func uploadedImage() async throws {
        try await AuthHarness.run(configure: { config in
            config.storage.s3AccessKeyId = S3Signing.key.accessKeyId
            config.storage.s3SecretAccessKey = S3Signing.key.secretAccessKey
        }) { auth in
            let seller = try auth.verifiedAccount("s3-seller@example.com", role: "SELLER")
            let harness = ImageHarness(auth: auth, sellerID: seller, token: try auth.token("s3-seller@example.com"))
            let product = try await harness.product()
            let png = ImageBytes.png(4096)
            let uploaded = try harness.upload(png, as: "image/png", to: product)
            #expect(uploaded.status == 201, "\(uploaded.text)")
            // The server's clock is the harness's: sign at its time.
            let s3 = S3Signing(port: auth.server.port)
            let now = Date(timeIntervalSince1970: auth.clock.now())
            let listing = try s3.send(s3.request("GET", "/s3/images", query: "list-type=2", at: now).bytes)
            let key = try #require(listing.text.split(separator: "<Key>").dropFirst().first?.split(separator: "<").first.map(String.init),
                                   "\(listing.text)")
            let object = try s3.send(s3.request("GET", "/s3/images/\(key)", at: now).bytes)
            #expect(object.status == 200 && object.body == png && object.header("Content-Type") == "image/png")
            let blob = try auth.server.request("GET", "/blobs/images/\(key)")
            #expect(blob.body == png && blob.header("ETag") == object.header("ETag"))
            #expect(try s3.send(s3.request("DELETE", "/s3/images/\(key)", at: now).bytes).status == 204)
            #expect(try auth.server.request("GET", "/blobs/images/\(key)").status == 404)
        }
    }
}
