import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct BlobServingTests {
    /// Uploads `bytes` as a PNG of a new product; returns the image's URL and ETag.
    private func stored(_ harness: ImageHarness, _ bytes: [UInt8], type: String = "image/png") async throws -> (url: String, etag: String) {
        let reply = try harness.upload(bytes, as: type, to: try await harness.product())
        guard reply.status == 201, let url = reply.jsonObject["url"] as? String, let etag = reply.jsonObject["etag"] as? String else {
            throw ImageTestFailure.unexpected("upload \(reply.status): \(reply.text)")
        }
        return (url, etag)
    }

    @Test("GET serves the bytes with type, length, ETag = quoted MD5 (known vector and md5sum), Last-Modified and cache headers")
    func get() async throws {
        try await ImageHarness.run { harness in
            let tiny = try await stored(harness, ImageBytes.tinyGIF, type: "image/gif")
            #expect(tiny.etag == "\"bc4be32fc23f91be8d1d93f61cf61838\"")

            let bytes = ImageBytes.png(200 << 10)
            let (url, etag) = try await stored(harness, bytes)
            #expect(etag == "\"\(try md5sum(of: bytes))\"")
            let reply = try harness.fetch(url)
            #expect(reply.status == 200)
            #expect(reply.body == bytes)
            #expect(reply.header("Content-Type") == "image/png")
            #expect(reply.header("Content-Length") == String(bytes.count))
            #expect(reply.header("ETag") == etag)
            #expect(HTTPDate.parse(reply.header("Last-Modified") ?? "") != nil)
            #expect(reply.header("Cache-Control") == "public, max-age=31536000, immutable")
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
            #expect(reply.header("Accept-Ranges") == "bytes")
        }
    }

    @Test("HEAD answers the same headers and no body")
    func head() async throws {
        try await ImageHarness.run { harness in
            let bytes = ImageBytes.jpeg(5000)
            let (url, etag) = try await stored(harness, bytes, type: "image/jpeg")
            let client = try harness.server.client()
            let path = String(url[url.range(of: "/blobs/")!.lowerBound...])
            let reply = try client.request("HEAD", path)
            #expect(reply.status == 200 && reply.body.isEmpty)
            #expect(reply.header("Content-Length") == "5000" && reply.header("ETag") == etag && reply.header("Content-Type") == "image/jpeg")
            #expect(try client.request("GET", path).body == bytes)   // the connection is still in sync
        }
    }

    @Test("If-None-Match answers 304 with the ETag for a match, a weak match, a list or *; otherwise 200")
    func notModified() async throws {
        try await ImageHarness.run { harness in
            let (url, etag) = try await stored(harness, ImageBytes.png())
            for value in [etag, "W/\(etag)", "\"other\", \(etag)", "\"a\",W/\(etag) ", "*"] {
                let reply = try harness.fetch(url, headers: [("If-None-Match", value)])
                #expect(reply.status == 304, "If-None-Match: \(value)")
                #expect(reply.header("ETag") == etag && reply.body.isEmpty)
            }
            #expect(try harness.fetch(url, headers: [("If-None-Match", "\"other\"")]).status == 200)
            let modified = try harness.fetch(url).header("Last-Modified") ?? ""
            #expect(try harness.fetch(url, headers: [("If-Modified-Since", modified)]).status == 304)
            #expect(try harness.fetch(url, headers: [("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")]).status == 200)
            // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
            #expect(try harness.fetch(url, headers: [("If-None-Match", "\"other\""), ("If-Modified-Since", modified)]).status == 200)
        }
    }

    @Test("a single Range answers 206 with Content-Range", arguments: [
        ("bytes=0-9", 0..<10), ("bytes=1000-", 1000..<4096), ("bytes=-100", 3996..<4096), ("bytes=4000-999999", 4000..<4096),
    ])
    func partial(range: String, expected: Range<Int>) async throws {
        try await ImageHarness.run { harness in
            let bytes = ImageBytes.png(4096)
            let (url, etag) = try await stored(harness, bytes)
            let reply = try harness.fetch(url, headers: [("Range", range)])
            #expect(reply.status == 206)
            #expect(reply.body == Array(bytes[expected]))
            #expect(reply.header("Content-Range") == "bytes \(expected.lowerBound)-\(expected.upperBound - 1)/4096")
            #expect(reply.header("ETag") == etag)
            // A stale If-Range turns the range off.
            #expect(try harness.fetch(url, headers: [("Range", range), ("If-Range", "\"stale\"")]).status == 200)
        }
    }

    @Test("an unsatisfiable range answers 416 with Content-Range: bytes */size; several ranges get the whole object")
    func unsatisfiable() async throws {
        try await ImageHarness.run { harness in
            let bytes = ImageBytes.png(4096)
            let (url, _) = try await stored(harness, bytes)
            for range in ["bytes=4096-", "bytes=5000-6000", "bytes=-0"] {
                let reply = try harness.fetch(url, headers: [("Range", range)])
                expectProblem(reply, status: 416, code: "RANGE_NOT_SATISFIABLE")
                #expect(reply.header("Content-Range") == "bytes */4096")
            }
            let several = try harness.fetch(url, headers: [("Range", "bytes=0-1, 5-6")])
            #expect(several.status == 200 && several.body == bytes)
            #expect(try harness.fetch(url, headers: [("Range", "items=0-1")]).status == 200)
        }
    }

    @Test("an unknown object is 404")
    func unknown() async throws {
        try await ImageHarness.run { harness in
            expectProblem(try harness.server.request("GET", "/blobs/images/products/1/nothing.png"), status: 404, code: "OBJECT_NOT_FOUND")
            expectProblem(try harness.server.request("GET", "/blobs/other/x.png"), status: 404, code: "OBJECT_NOT_FOUND")
        }
    }
}

enum ImageTestFailure: Error { case unexpected(String) }

/// The hex MD5 that coreutils' `md5sum` computes for `bytes`: an implementation we did not write.
func md5sum(of bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "md5-" + UUID().uuidString
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}
