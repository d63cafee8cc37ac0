import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct BlobTraversalTests {
    @Test("keys that climb out, are absolute, or carry backslashes, NUL or empty segments are 400 and touch nothing", arguments: [
        "/blobs/images/../secret.txt", "/blobs/images/../../secret.txt", "/blobs/images/%2e%2e/secret.txt",
        "/blobs/images/%2E%2E%2Fsecret.txt", "/blobs/images/a/%2e%2e/%2e%2e/secret.txt", "/blobs/images/products/..",
        "/blobs/..%2Fsecret.txt/x", "/blobs/%2e%2e/secret.txt", "/blobs/images/%2Fetc%2Fpasswd", "/blobs/images/%2F..%2Fsecret.txt",
        "/blobs/images/a%5C..%5C..%5Csecret.txt", "/blobs/images/..%5Csecret.txt", "/blobs/images/a%00.png",
        "/blobs/images/secret.txt%00.png", "/blobs/images/a//b.png", "/blobs/images/a/", "/blobs/images/.x.png.meta",
    ])
    func refused(target: String) async throws {
        try await ImageHarness.run { harness in
            let secret = harness.dataDir + "/secret.txt"
            try Data("secret".utf8).write(to: URL(fileURLWithPath: secret))
            let before = tree(harness.dataDir)
            for method in ["GET", "HEAD"] {
                let client = try harness.server.client()
                let reply = try client.request(method, target)
                #expect(reply.status == 400, "\(method) \(target)")
                if method == "GET" { expectProblem(reply, status: 400, code: "INVALID_BLOB_KEY") }
            }
            #expect(tree(harness.dataDir) == before)
            #expect(try String(contentsOfFile: secret, encoding: .utf8) == "secret")
        }
    }

    @Test("a raw backslash in the target never reaches the file system")
    func rawBackslash() async throws {
        try await ImageHarness.run { harness in
            let reply = try harness.server.request("GET", "/blobs/images/..\\..\\secret.txt")
            #expect(reply.status == 400)
        }
    }

    /// Every path under `directory` with its size, except the SQLite files, which change on their own.
    private func tree(_ directory: String) -> [String] {
        let all = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String]) ?? []
        return all.filter { !$0.hasPrefix("marketplace.sqlite") && !$0.hasPrefix("mail/") }.sorted().map { path in
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + path)[.size] as? Int) ?? -1
            return "\(path) \(size)"
        }
    }
}
