import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct ImageUploadTests {
    @Test("a raw upload answers 201 with the image, stores the blob, and makes the first image the thumbnail")
    func rawUpload() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            let bytes = ImageBytes.png(300_000)
            let reply = try harness.upload(bytes, as: "image/png", to: product)
            #expect(reply.status == 201)
            let json = reply.jsonObject
            #expect(Set(json.keys) == ["id", "url", "contentType", "size", "etag", "position"])
            #expect(json["contentType"] as? String == "image/png")
            #expect(json["size"] as? Int == 300_000)
            #expect(json["position"] as? Int == 0)
            #expect(json["etag"] as? String == "\"\(try md5sum(of: bytes))\"")
            let url = try #require(json["url"] as? String)
            #expect(url.hasPrefix("http://127.0.0.1:\(harness.server.port)/blobs/images/products/\(product)/") && url.hasSuffix(".png"))
            #expect(reply.header("Location") == url)
            #expect(try harness.fetch(url).body == bytes)
            let key = String(url[url.range(of: "/blobs/")!.upperBound...])
            #expect(try await harness.thumbnailKey(product) == key)
            #expect(harness.leftovers().isEmpty)

            let second = try harness.upload(ImageBytes.gif(), as: "image/gif", to: product)
            #expect(second.status == 201 && second.jsonObject["position"] as? Int == 1)
            #expect(try await harness.thumbnailKey(product) == key)
        }
    }

    @Test("JPEG, PNG, WebP and GIF are recognised by their magic bytes", arguments: [
        ("image/jpeg", ImageBytes.jpeg(), ".jpg"), ("image/png", ImageBytes.png(), ".png"),
        ("image/webp", ImageBytes.webp(), ".webp"), ("image/gif; charset=binary", ImageBytes.gif(), ".gif"),
        ("IMAGE/GIF", Array("GIF87a".utf8) + ImageBytes.filler(100), ".gif"),
    ])
    func formats(type: String, bytes: [UInt8], suffix: String) async throws {
        try await ImageHarness.run { harness in
            let reply = try harness.upload(bytes, as: type, to: try await harness.product())
            #expect(reply.status == 201, "\(type): \(reply.text)")
            #expect((reply.jsonObject["url"] as? String)?.hasSuffix(suffix) == true)
        }
    }

    @Test("a body that is not the declared image type is 415 and stores nothing", arguments: [
        ("image/jpeg", ImageBytes.png()),                     // a PNG sent as JPEG
        ("image/png", Array("just some text, not an image\n".utf8)),
        ("text/plain", ImageBytes.png()), ("image/svg+xml", Array("<svg/>".utf8)),
        ("image/webp", Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)),
        ("image/png", Array(ImageBytes.pngMagic.prefix(5))),  // too short to be one
    ])
    func unsupported(type: String, bytes: [UInt8]) async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            expectProblem(try harness.upload(bytes, as: type, to: product), status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
            #expect(try await harness.imageRows(product) == 0)
            #expect(harness.objectFiles().isEmpty && harness.leftovers().isEmpty)
        }
    }

    @Test("an upload without Content-Type or without a body is 415")
    func missing() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            expectProblem(try harness.upload(ImageBytes.png(), as: nil, to: product), status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
            expectProblem(try harness.upload([], as: "image/png", to: product), status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
        }
    }

    @Test("a multipart/form-data upload takes the part named file, with or without its own type")
    func multipart() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            let bytes = ImageBytes.jpeg(1 << 20)
            let reply = try harness.uploadMultipart([
                ("title", nil, nil, Array("A mug".utf8)), ("file", "mug.jpg", "image/jpeg", bytes), ("other", nil, nil, [1, 2]),
            ], to: product)
            #expect(reply.status == 201, "\(reply.text)")
            #expect(reply.jsonObject["size"] as? Int == bytes.count)
            #expect(reply.jsonObject["etag"] as? String == "\"\(try md5sum(of: bytes))\"")
            #expect(try harness.fetch(reply.jsonObject["url"] as? String ?? "").body == bytes)

            let untyped = try harness.uploadMultipart([("file", "x.bin", "application/octet-stream", ImageBytes.gif())], to: product)
            #expect(untyped.status == 201 && untyped.jsonObject["contentType"] as? String == "image/gif")
            #expect(harness.leftovers().isEmpty)
        }
    }

    @Test("multipart: a mislabelled part is 415; no file part or a broken body is 400")
    func multipartFailures() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            expectProblem(try harness.uploadMultipart([("file", "a.jpg", "image/jpeg", ImageBytes.png())], to: product),
                          status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
            expectProblem(try harness.uploadMultipart([("photo", "a.png", "image/png", ImageBytes.png())], to: product),
                          status: 400, code: "INVALID_REQUEST")
            var truncated = Array("--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\n".utf8) + ImageBytes.png()
            expectProblem(try harness.upload(truncated, as: "multipart/form-data; boundary=b", to: product), status: 400, code: "INVALID_REQUEST")
            truncated = Array("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n".utf8) + ImageBytes.png()
            expectProblem(try harness.upload(truncated, as: "multipart/form-data; boundary=b", to: product), status: 400, code: "INVALID_REQUEST")
            expectProblem(try harness.upload(ImageBytes.png(), as: "multipart/form-data", to: product), status: 400, code: "INVALID_REQUEST")
            #expect(try await harness.imageRows(product) == 0)
            #expect(harness.objectFiles().isEmpty && harness.leftovers().isEmpty)
        }
    }

    @Test("the OpenAPI document describes both upload bodies, the image schema and the blob route")
    func openAPI() async throws {
        try await ImageHarness.run { harness in
            let document = try harness.server.request("GET", "/openapi.json").jsonObject
            let paths = try #require(document["paths"] as? [String: Any])
            let upload = (paths["/api/v1/seller/products/{id}/images"] as? [String: Any])?["post"] as? [String: Any]
            let content = ((upload?["requestBody"] as? [String: Any])?["content"] as? [String: Any]) ?? [:]
            #expect(Set(content.keys) == ["image/jpeg", "image/png", "image/webp", "image/gif", "multipart/form-data"])
            #expect(paths["/api/v1/seller/products/{id}/images/{imageId}"] != nil)
            #expect((paths["/blobs/{bucket}/{key}"] as? [String: Any])?["get"] != nil)
            let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
            #expect(schemas["ProductImage"] != nil && schemas["ImageUploadForm"] != nil)
        }
    }
}
