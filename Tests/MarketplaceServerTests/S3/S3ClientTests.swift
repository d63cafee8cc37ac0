import TestHTTP
import Auth
import HTTPServer
import Foundation
import Testing
@testable import MarketplaceServer

/// Two real S3 clients nobody here wrote — boto3 and the aws CLI — against a real server's
/// `/s3` (scripts/s3_clients_check.py: list, put, get, range, copy, delete, paging, presigned
/// GET by curl, wrong secret/region/key, bad Content-MD5, traversal keys, a small part in a
/// completion, `aws s3 cp` of 20 MiB (multipart) and `aws s3 sync`).
@Suite("/s3 with boto3 and the aws CLI")
struct S3ClientTests {
    @Test("boto3 and the aws CLI work against /s3, and bad input changes nothing")
    func realClients() async throws {
        try await S3StreamingTests.withServer { server in
            let work = FileManager.default.temporaryDirectory.appending(path: "s3-clients-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let script = ServerProcess.packageRoot.appending(path: "scripts/s3_clients_check.py").path()
            let run = try runToCompletion("/usr/bin/env", [
                "python3", script, "http://127.0.0.1:\(server.port)/s3", S3Signing.key.accessKeyId, S3Signing.key.secretAccessKey,
                "us-east-1", work.path(),
            ], in: work, environment: ["BLOB_ROOT": server.dataDir + "/blobs"], timeout: 400)
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            #expect(run.stdout.contains("all checks passed"))
        }
    }
}
