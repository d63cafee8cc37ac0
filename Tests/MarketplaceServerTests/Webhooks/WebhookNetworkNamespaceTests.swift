import Foundation
import Glibc
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The SSRF guard end to end, run ONLY inside a network namespace of its own (`unshare -rn`,
/// loopback up, nothing else): even a regression cannot send traffic off the machine. The
/// outer test re-runs this test binary inside the namespace with `MARKETPLACE_TEST_NETNS=1`.
@Suite("Webhooks: the SSRF guard, inside a network namespace")
struct WebhookNetworkNamespaceTests {
    static let inside = ProcessInfo.processInfo.environment["MARKETPLACE_TEST_NETNS"] == "1"

    static func unshareWorks() -> Bool {
        guard !inside, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["-rn", "true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    @Test("runs the guard's tests in a fresh network namespace (skipped only when unshare -rn is unavailable here)",
          .enabled("unshare -rn is not available on this machine (no user namespaces)") { unshareWorks() })
    func inNamespace() throws {
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &path, path.count - 1)
        let binary = String(decoding: path[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        run.arguments = ["-rn", "sh", "-c", "ip link set lo up && exec \"$0\" --testing-library swift-testing --filter WebhookGuardInside",
                         binary]
        var environment = ProcessInfo.processInfo.environment
        environment["MARKETPLACE_TEST_NETNS"] = "1"
        // Inside the namespace only its own loopback exists: the guard's servers use SQLite.
        environment.removeValue(forKey: "MARKETPLACE_TEST_POSTGRES_URL")
        run.environment = environment
        let output = Pipe()
        run.standardOutput = output
        run.standardError = output
        try run.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 0, "\(text.suffix(4000))")
        // It really ran, and passed, in there (not filtered down to nothing).
        #expect(text.contains("private networks refused") && text.contains("with 1 test in 1 suite passed"), "\(text.suffix(2000))")
    }
}

/// Runs only inside the namespace (see above).
@Suite("WebhookGuardInside", .enabled(if: WebhookNetworkNamespaceTests.inside))
struct WebhookGuardInside {
    @Test("private networks refused: at registration (422, every spelling) and again at delivery time")
    func guardEndToEnd() async throws {
        let consumer = try WebhookConsumer()
        try await OrdersHarness.run(configure: { $0.webhooks.allowPrivateNetworks = false; $0.webhooks.retrySchedule = [1] }) { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            for host in ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "localhost",
                         "10.1.2.3", "169.254.169.254", "100.64.0.1", "[fd00::1]", "0.0.0.0", "[::]"] {
                let reply = try orders.auth.request("POST", "/api/v1/customer/webhooks",
                                                    json: ["url": "http://\(host):\(consumer.port)/x", "events": ["*"]], token: customer)
                expectProblem(reply, status: 422, code: "WEBHOOK_URL_NOT_ALLOWED")
            }
            // A public literal is accepted (nothing can be reached from this namespace anyway).
            let public_ = try orders.auth.request("POST", "/api/v1/customer/webhooks",
                                                  json: ["url": "http://93.184.216.34/hook", "events": ["*"]], token: customer)
            #expect(public_.status == 201)
            // An endpoint that slipped past registration (a DNS answer changed, an old row) is refused at delivery.
            let endpointID = try #require(try public_.json()["id"] as? Int)
            let inside = consumer.url("inside")
            try await orders.server.application.database.write { connection in
                _ = try connection.execute("UPDATE webhook_endpoints SET url = ? WHERE id = ?", inside, endpointID)
            }
            let product = try orders.product("Thing", token: seller)
            _ = try orders.placed([(product, 1)], token: customer)
            let attempt = try await WebhookDeliveryTests.eventually {
                let items = try orders.get("/api/v1/customer/webhooks/\(endpointID)/deliveries", token: customer).json()["items"]
                return (items as? [[String: Any]])?.first
            }
            #expect((attempt["error"] as? String)?.contains("not allowed") == true, "\(attempt)")
            #expect(attempt["responseStatus"] is NSNull)
            try await Task.sleep(for: .milliseconds(300))
            #expect(consumer.records().isEmpty)
        }
    }
}
