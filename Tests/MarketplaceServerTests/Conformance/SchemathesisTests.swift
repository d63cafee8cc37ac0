import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// schemathesis (PyPI, installed by `.ci/run`) against the real server: `st run <url>/openapi.json
/// --checks all` once per realm — anonymous, customer, seller, admin — with a fixed seed and a
/// small budget (`-n 2` examples per operation and phase), so the four runs fit in about two
/// minutes on two cores. Every failure it reports fails the test, with schemathesis's own report.
@Suite("schemathesis --checks all, per realm", .serialized)
struct SchemathesisTests {
    /// The checks' settings, beside the other fixtures (not in the test target's sources).
    static let config = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Conformance
        .deletingLastPathComponent()  // MarketplaceServerTests
        .deletingLastPathComponent()  // Tests
        .appending(path: "Fixtures/schemathesis/schemathesis.toml")

    enum Realm: String, CaseIterable, Sendable { case anonymous, customer, seller, admin }

    @Test("0 failures", arguments: Realm.allCases)
    func run(_ realm: Realm) async throws {
        try await OrdersHarness.run { orders in
            let auth = orders.auth
            let token: String? = switch realm {
            case .anonymous: nil
            case .customer: try orders.customer()
            case .seller: try orders.seller()
            case .admin: try await auth.adminToken()
            }
            // logout gets a session of its own: revoking the run's token would leave the rest 401.
            let throwaway: String? = switch realm {
            case .anonymous: nil
            case .customer: try auth.token("customer@example.com")
            case .seller: try auth.token("seller@example.com")
            case .admin: try auth.token("root@example.com", password: "admin-password")
            }
            let directory = FileManager.default.temporaryDirectory.appending(path: "schemathesis-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var toml = try String(contentsOf: Self.config, encoding: .utf8)
            if let throwaway {
                toml += "\n[[operations]]\ninclude-operation-id = \"logout\"\nheaders = { Authorization = \"Bearer \(throwaway)\" }\n"
            }
            try toml.write(to: directory.appending(path: "schemathesis.toml"), atomically: true, encoding: .utf8)
            var arguments = ["st", "--config-file", "schemathesis.toml", "--no-color", "run",
                             "http://127.0.0.1:\(orders.server.port)/openapi.json", "--checks", "all",
                             "-n", "2", "--seed", "1", "--workers", "1", "--request-timeout", "30"]
            if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
            let run = try runToCompletion("/usr/bin/env", arguments, in: directory, timeout: 240)
            #expect(run.status == 0, "schemathesis as \(realm.rawValue):\n\(run.stdout.suffix(12_000))\n\(run.stderr.suffix(2000))")
        }
    }

    @Test("openapi-spec-validator finds /openapi.json a valid OpenAPI 3.1 document")
    func specValid() async throws {
        try await OrdersHarness.run { orders in
            let reply = try orders.server.request("GET", "/openapi.json")
            let directory = FileManager.default.temporaryDirectory.appending(path: "openapi-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data(reply.body).write(to: directory.appending(path: "openapi.json"))
            let script = "from openapi_spec_validator import validate; from openapi_spec_validator.readers import read_from_filename; "
                + "spec, _ = read_from_filename('openapi.json'); validate(spec); print('valid')"
            let run = try runToCompletion("/usr/bin/env", ["python3", "-c", script], in: directory, timeout: 120)
            #expect(run.status == 0 && run.stdout.contains("valid"), "\(run.stderr.suffix(4000))")

            let document = try reply.json()
            let servers = try #require(document["servers"] as? [[String: Any]])
            #expect(servers.first?["url"] as? String == "/")
            var ids: [String] = []
            for (path, item) in try #require(document["paths"] as? [String: [String: Any]]) {
                for (method, operation) in item {
                    let id = try #require((operation as? [String: Any])?["operationId"] as? String)
                    #expect(OpenAPIOperationIDs.named["\(method.uppercased()) \(path)"] != nil
                            || OpenAPIOperationIDs.named["\(method.uppercased()) \(path.replacing("{key}", with: "{key...}"))"] != nil,
                            "\(method) \(path) has a named operationId, not a derived one (\(id))")
                    ids.append(id)
                }
            }
            #expect(Set(ids).count == ids.count, "operationIds are unique")
        }
    }
}
