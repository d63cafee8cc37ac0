import TestHTTP
import HTTPServer
import Auth
import Foundation
import Marketplace
import Storage
import Testing
@testable import MarketplaceServer

/// `/s3` against requests our own signer builds: aws-chunked uploads (good, and with one bad
/// chunk in the middle), a skewed clock, no key configured, and the image store's objects
/// seen through `/s3`.
@Suite("/s3: signatures, aws-chunked uploads, the shared blob directory")
struct S3StreamingTests {
    /// Runs `body` against a fresh server with `/s3`'s test key configured (or none), off the
    /// cooperative pool, and stops it afterwards.
    static func withServer<T>(key: Bool = true, _ body: (TestServer) async throws -> T) async throws -> T {
        try await offPool {
            let server = try TestServer { config in
                guard key else { return }
                config.storage.s3AccessKeyId = S3Signing.key.accessKeyId
                config.storage.s3SecretAccessKey = S3Signing.key.secretAccessKey
            }
            do {
                let result = try await body(server)
                await server.stop()
                return result
            } catch {
                await server.stop()
                throw error
            }
        }
    }

    /// Sends an aws-chunked PUT of `chunks` to `/s3/streams/{key}`.
    static func streamingPut(_ s3: S3Signing, key: String, chunks: [[UInt8]], corrupt: Int? = nil) throws -> TestClient.Reply {
        let decoded = chunks.reduce(0) { $0 + $1.count }
        let headers = [("content-encoding", "aws-chunked"), ("x-amz-decoded-content-length", String(decoded))]
        // The head is signed first (its signature seeds the chunks); the body's length is known after.
        let probe = s3.request("PUT", "/s3/streams/\(key)", headers: headers, payloadHash: SigV4.streamingPayload)
        let body = s3.chunked(chunks, seed: probe.signature, amzDate: probe.amzDate, corrupt: corrupt)
        let time = Date(timeIntervalSince1970: Double(AmzDate.parse(probe.amzDate)!))
        let signed = s3.request("PUT", "/s3/streams/\(key)", headers: headers, body: body, payloadHash: SigV4.streamingPayload, at: time)
        return try s3.send(signed.bytes)
    }

    @Test("an aws-chunked upload is stored whole; one bad chunk in the middle is 403 and nothing is kept")
    func streaming() async throws {
        try await S3StreamingTests.withServer { server in
            let s3 = S3Signing(port: server.port)
            #expect(try s3.call("PUT", "/s3/streams").status == 200)
            let chunks = [[UInt8](repeating: 7, count: 70_000), [UInt8](repeating: 8, count: 65_536), [UInt8](repeating: 9, count: 1000)]
            let stored = try Self.streamingPut(s3, key: "good.bin", chunks: chunks)
            #expect(stored.status == 200, "\(stored.text)")
            let read = try s3.call("GET", "/s3/streams/good.bin")
            #expect(read.status == 200 && read.body == chunks.flatMap { $0 })

            let refused = try Self.streamingPut(s3, key: "bad.bin", chunks: chunks, corrupt: 1)
            #expect(refused.status == 403 && refused.text.contains("<Code>SignatureDoesNotMatch</Code>"), "\(refused.text)")
            #expect(try s3.call("HEAD", "/s3/streams/bad.bin").status == 404)
            // Neither the spooled body nor its decoded copy is left behind.
            try await waitUntil("the spool directory is empty") {
                (try FileManager.default.contentsOfDirectory(atPath: server.dataDir + "/tmp/uploads")).isEmpty
            }
            #expect(!FileManager.default.fileExists(atPath: server.dataDir + "/blobs/streams/bad.bin"))
        }
    }

    @Test("a request signed 20 minutes off is RequestTimeTooSkewed; 14 minutes is fine")
    func skew() async throws {
        try await S3StreamingTests.withServer { server in
            let s3 = S3Signing(port: server.port)
            let skewed = try s3.call("GET", "/s3", at: Date().addingTimeInterval(-20 * 60))
            #expect(skewed.status == 403 && skewed.text.contains("<Code>RequestTimeTooSkewed</Code>"), "\(skewed.text)")
            #expect(try s3.call("GET", "/s3", at: Date().addingTimeInterval(14 * 60)).status == 200)
            let bad = s3.request("PUT", "/s3/skewed", at: Date().addingTimeInterval(20 * 60))
            #expect(try s3.send(bad.bytes).status == 403)
            #expect(!FileManager.default.fileExists(atPath: server.dataDir + "/blobs/skewed"))
        }
    }

    @Test("without a configured key every /s3 request is AccessDenied, in S3's XML")
    func noKey() async throws {
        try await S3StreamingTests.withServer(key: false) { server in
            let reply = try S3Signing(port: server.port).call("GET", "/s3")
            #expect(reply.status == 403 && reply.header("Content-Type") == "application/xml")
            #expect(reply.text.contains("<Code>AccessDenied</Code>") && reply.text.contains("<RequestId>"))
            #expect(try server.request("GET", "/s3/products?list-type=2").status == 403)
        }
    }

    @Test("an object the image store wrote is listed and served by /s3; one /s3 wrote is served by /blobs")
    func sharedDirectory() async throws {
        try await S3StreamingTests.withServer { server in
            let store = try FileBlobStore(dataDirectory: server.dataDir, clock: SystemClock())
            let image = try BlobLocation(bucket: "products", key: "42/image.png")
            let bytes = Array("not really a png".utf8)
            let object = try await store.put(image, contentType: "image/png", from: .bytes(bytes))
            let s3 = S3Signing(port: server.port)
            let listing = try s3.call("GET", "/s3/products", query: "list-type=2&prefix=42%2F")
            #expect(listing.text.contains("<Key>42/image.png</Key>") && listing.text.contains("<ETag>\(S3XML.escape(object.etag))</ETag>"))
            #expect(!listing.text.contains(".meta"), "sidecars are never listed")
            let read = try s3.call("GET", "/s3/products/42/image.png")
            #expect(read.status == 200 && read.body == bytes && read.header("Content-Type") == "image/png")
            #expect(try s3.call("GET", "/s3/products/42/.image.png.meta").status == 400, "a sidecar is never served")
            let put = s3.request("PUT", "/s3/products/43/from-s3.txt", body: Array("via s3".utf8))
            #expect(try s3.send(put.bytes).status == 200)
            #expect(try server.request("GET", "/blobs/products/43/from-s3.txt").text == "via s3")
        }
    }
}
