import Foundation
import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// README's quick start is runnable as written: its one `bash` block, run with bash against
/// the real binary (port 0, a temporary data directory, the admin of the README's start line),
/// exits 0 and leaves the order DELIVERED.
@Suite("README quick start")
struct QuickStartTests {
    /// The admin the README starts the server with (its block's defaults).
    static let adminEmail = "admin@example.com"
    static let adminPassword = "admin-password-1"

    /// The fenced `bash` block of README's "Quick start" section.
    static func block() throws -> String {
        let readme = try String(contentsOf: APIDocument.packageRoot.appending(path: "README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "\n## Quick start\n"), "README has a Quick start section")
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```bash\n"), "the section has a ```bash block")
        let close = try #require(rest[open.upperBound...].range(of: "\n```"), "the block is closed")
        #expect(rest[..<open.lowerBound].range(of: "\n## ") == nil, "the block is inside the section")
        #expect(readme.contains("MARKETPLACE_ADMIN_EMAIL=\(adminEmail) MARKETPLACE_ADMIN_PASSWORD=\(adminPassword)"),
                "the README starts the server with the admin the block logs in as")
        return String(rest[open.upperBound..<close.lowerBound]) + "\n"
    }

    @Test("the block runs green against a real server and ends with the order DELIVERED")
    func runs() async throws {
        let script = try Self.block()
        #expect(script.contains("curl") && !script.contains("jq "), "curl, sed/grep and python3 only")
        try await offPool {
            let server = try ServerProcess(environment: [
                "MARKETPLACE_ADMIN_EMAIL": Self.adminEmail, "MARKETPLACE_ADMIN_PASSWORD": Self.adminPassword,
                "MARKETPLACE_AUTH_BCRYPT_COST": "4",   // the default 12 costs seconds per login on a busy machine
            ])
            let port = try #require(server.port(from: try server.firstLine(timeout: 60)))
            let dataDir = server.workDir.appending(path: "data").path()
            let work = server.workDir.appending(path: "quickstart")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let (status, output, errors) = try Self.bash(script, in: work,
                                                         environment: ["BASE": "http://127.0.0.1:\(port)", "DATA": dataDir])
            #expect(status == 0, "the quick start failed: \(errors)\n\(output)")
            let last = output.split(separator: "\n").last.map(String.init) ?? ""
            let id = try #require(last.wholeMatch(of: #/order (ord_[A-Za-z0-9_-]+): DELIVERED/#)?.1, "last line: \(last)")

            // Seen from outside the script: the admin finds exactly that order, DELIVERED with its tracking number.
            let client = try TestClient(port: port)
            let login = try client.request("POST", "/api/v1/auth/login", headers: [("Content-Type", "application/json")],
                                           body: #"{"email": "\#(Self.adminEmail)", "password": "\#(Self.adminPassword)"}"#)
            let token = try #require(try login.json()["token"] as? String)
            let order = try client.request("GET", "/api/v1/admin/orders/\(id)", headers: [("Authorization", "Bearer \(token)")]).json()
            #expect(order["status"] as? String == "DELIVERED")
            #expect(order["trackingNumber"] as? String == "CJ-1234567890")
            #expect((order["payment"] as? [String: Any])?["status"] as? String == "DONE")
            #expect((order["history"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
                    == ["PENDING_PAYMENT", "PAID", "SHIPPING", "DELIVERED"])

            server.send(SIGTERM)
            #expect(server.waitForExit(timeout: 30) == 0)
        }
    }

    /// Runs `script` with bash in `directory`, `environment` added; stdout and stderr go to files there.
    static func bash(_ script: String, in directory: URL, environment: [String: String]) throws -> (Int32, String, String) {
        let file = directory.appending(path: "quickstart.sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        return try runToCompletion("/bin/bash", [file.path], in: directory, environment: environment)
    }
}
