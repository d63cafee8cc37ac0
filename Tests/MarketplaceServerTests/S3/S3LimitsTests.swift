import Auth
import Dispatch
import Foundation
import HTTPServer
import Testing
import TestHTTP
@testable import MarketplaceServer

/// Every limit `/s3` adds, enforced, and overwrites atomic for concurrent readers.
@Suite("/s3: limits and concurrent overwrites")
struct S3LimitsTests {
    @Test("a PUT over 5 GiB is refused before its body is read; metadata, key length, max-keys, DeleteObjects and part numbers are capped")
    func limits() async throws {
        try await S3StreamingTests.withServer { server in
            let s3 = S3Signing(port: server.port)
            #expect(try s3.call("PUT", "/s3/limits").status == 200)
            let huge = s3.request("PUT", "/s3/limits/huge.bin", payloadHash: SigV4.unsignedPayload, contentLength: (5 << 30) + 1)
            #expect(try s3.send(huge.bytes).status == 413)
            let atLimit = s3.request("PUT", "/s3/limits/meta.txt", headers: [("x-amz-meta-big", String(repeating: "m", count: 2045))],
                                     body: Array("x".utf8))
            #expect(try s3.send(atLimit.bytes).status == 200, "2048 bytes of metadata fit")
            let over = s3.request("PUT", "/s3/limits/meta2.txt", headers: [("x-amz-meta-big", String(repeating: "m", count: 2046))],
                                  body: Array("x".utf8))
            let refused = try s3.send(over.bytes)
            #expect(refused.status == 400 && refused.text.contains("<Code>MetadataTooLarge</Code>"))
            #expect(try s3.call("HEAD", "/s3/limits/meta2.txt").status == 404)

            let longKey = String(repeating: "k/", count: 512) + "x"   // 1025 bytes
            let long = try s3.send(s3.request("PUT", "/s3/limits/" + longKey, body: [1]).bytes)
            #expect(long.status == 400 && long.text.contains("<Code>KeyTooLongError</Code>"), "\(long.text)")

            for n in 0..<3 { #expect(try s3.send(s3.request("PUT", "/s3/limits/k\(n)", body: [1]).bytes).status == 200) }
            #expect(try s3.call("GET", "/s3/limits", query: "list-type=2&max-keys=5000").text.contains("<MaxKeys>1000</MaxKeys>"))
            #expect(try s3.call("GET", "/s3/limits", query: "list-type=2&max-keys=-1").status == 400)
            let two = try s3.call("GET", "/s3/limits", query: "list-type=2&max-keys=2")
            #expect(two.text.contains("<KeyCount>2</KeyCount>") && two.text.contains("<IsTruncated>true</IsTruncated>"))

            let keys = (0...1000).map { "<Object><Key>k\($0)</Key></Object>" }.joined()
            let delete = s3.request("POST", "/s3/limits", query: "delete", body: Array("<Delete>\(keys)</Delete>".utf8))
            let tooMany = try s3.send(delete.bytes)
            #expect(tooMany.status == 400 && tooMany.text.contains("<Code>MalformedXML</Code>"))
            #expect(try s3.call("HEAD", "/s3/limits/k0").status == 200, "nothing was deleted")

            let upload = try s3.call("POST", "/s3/limits/parts.bin", query: "uploads")
            let id = try #require(upload.text.split(separator: "<UploadId>").last?.split(separator: "<").first.map(String.init))
            let part = try s3.send(s3.request("PUT", "/s3/limits/parts.bin", query: "partNumber=10001&uploadId=\(id)", body: [1]).bytes)
            #expect(part.status == 400 && part.text.contains("<Code>InvalidArgument</Code>"))
        }
    }

    @Test("a body that does not match its signed x-amz-content-sha256 is refused and nothing is kept")
    func signedPayloadMismatch() async throws {
        try await S3StreamingTests.withServer { server in
            let s3 = S3Signing(port: server.port)
            #expect(try s3.call("PUT", "/s3/hashes").status == 200)
            let claimed = SHA256.hex([Array("something else".utf8)])
            let reply = try s3.send(s3.request("PUT", "/s3/hashes/a.txt", body: Array("body".utf8), payloadHash: claimed).bytes)
            #expect(reply.status == 400 && reply.text.contains("<Code>XAmzContentSHA256Mismatch</Code>"), "\(reply.text)")
            #expect(try s3.call("HEAD", "/s3/hashes/a.txt").status == 404)
        }
    }

    @Test("readers racing overwrites of one key always get one whole version with its own ETag")
    func atomicOverwrite() async throws {
        try await S3StreamingTests.withServer { (server: TestServer) async throws -> Void in
            let s3 = S3Signing(port: server.port)
            #expect(try s3.call("PUT", "/s3/race").status == 200)
            let versions = [[UInt8](repeating: UInt8(ascii: "a"), count: 100_000), [UInt8](repeating: UInt8(ascii: "b"), count: 150_000)]
            let etags = versions.map { bytes -> String in
                var md5 = StreamDigest.md5()
                bytes.withUnsafeBytes { md5.update($0) }
                return "\"" + md5.finishHex() + "\""
            }
            #expect(try s3.send(s3.request("PUT", "/s3/race/object.bin", body: versions[0]).bytes).status == 200)
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 5) { worker in
                for round in 0..<30 {
                    do {
                        if worker == 0 {
                            let put = try s3.send(s3.request("PUT", "/s3/race/object.bin", body: versions[round % 2]).bytes)
                            if put.status != 200 { failures.add("PUT \(put.status)") }
                        } else {
                            let read = try s3.call("GET", "/s3/race/object.bin")
                            guard read.status == 200, let index = versions.firstIndex(of: read.body), read.header("ETag") == etags[index] else {
                                failures.add("GET \(read.status): \(read.body.count) bytes, ETag \(read.header("ETag") ?? "-")")
                                continue
                            }
                        }
                    } catch { failures.add("\(error)") }
                }
            }
            #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        }
    }
}

/// Failures collected from concurrent workers.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
