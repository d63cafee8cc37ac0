import Foundation
import Auth
import Gateways
import Marketplace
import Synchronization
import Testing

/// Connect to what was checked, for `https` too (issue #16): a webhook URL whose name
/// resolves to a public address when the guard checks it and to 127.0.0.1 afterwards must
/// not reach loopback. Run ONLY inside a network namespace of its own (`unshare -rn`,
/// loopback up, nothing else), so even a regression sends nothing off the machine; the
/// outer test re-runs this test binary in there with `MARKETPLACE_TEST_NETNS=1`.
///
/// The test resolver is the sender's injectable `NameResolver`: it answers the public
/// address on its first call and 127.0.0.1 on every later one. A TLS server for the URL's
/// name listens on 127.0.0.1 in the namespace and counts its connections.
@Suite("Webhooks: https connects to the checked address, inside a network namespace")
struct WebhookRebindingTests {
    static let inside = ProcessInfo.processInfo.environment["MARKETPLACE_TEST_NETNS"] == "1"
    static let inCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

    static func unshareWorks() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["-rn", "true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    @Test("in a fresh network namespace: a rebinding https webhook is not delivered to loopback",
          .enabled(if: !inside && (inCI || unshareWorks()),
                   "unshare -rn is not available here (no user namespaces); with CI set this test fails instead"))
    func inNamespace() async throws {
        try #require(Self.unshareWorks(), "CI is set but unshare -rn does not work: user namespaces are needed")
        // The child runs for seconds: wait for it on a thread of its own, not on one of the
        // few cooperative threads the other tests' awaits resume on.
        let (status, text) = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Self.runInside() }) }.start()
        }
        #expect(status == 0, "\(text.suffix(4000))")
        // It really ran, and passed, in there (not filtered down to nothing).
        #expect(text.contains("not delivered to loopback") && text.contains("with 1 test in 1 suite passed"), "\(text.suffix(2000))")
    }

    /// This test binary, filtered to `RebindingInside`, in a fresh network namespace: its exit status and output.
    static func runInside() throws -> (Int32, String) {
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &path, path.count - 1)
        let binary = String(decoding: path[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        run.arguments = ["-rn", "sh", "-c", "ip link set lo up && exec \"$0\" --testing-library swift-testing --filter RebindingInside",
                         binary]
        var environment = ProcessInfo.processInfo.environment
        environment["MARKETPLACE_TEST_NETNS"] = "1"
        run.environment = environment
        let output = Pipe()
        run.standardOutput = output
        run.standardError = output
        try run.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        return (run.terminationStatus, text)
    }
}

/// Runs only inside the namespace (see above).
@Suite("RebindingInside", .enabled(if: WebhookRebindingTests.inside))
struct RebindingInside {
    @Test("rebinding https webhook: not delivered to loopback; the resolver was asked once")
    func rebindingNotFollowed() async throws {
        let pki = TestPKI.shared
        let server = try await PythonServer(tls: pki.leaf("otherhost"))   // a certificate for other.example
        defer { server.stop() }
        let lookups = Mutex(0)
        let rebinding: WebhookTarget.NameResolver = { _, _ in
            let call = lookups.withLock { count -> Int in count += 1; return count }
            let answer = call == 1 ? "93.184.216.34" : "127.0.0.1"
            return [NetworkAddressPolicy.literal(answer)!]
        }
        let sender = try StandardWebhookSender(timeout: 3, allowPrivateNetworks: false, caFile: pki.caFile, resolve: rebinding)
        let attempt = OutgoingWebhook(url: "https://other.example:\(server.port)/hook", secret: try WebhookSignature.makeSecret(),
                                      eventID: "evt_rebinding", timestamp: 1_700_000_000, body: Array("{}".utf8))
        let result = await sender.deliver(attempt)
        guard case .failed(let status, let reason) = result else { Issue.record("delivered: \(result)"); return }
        #expect(status == nil, "\(reason)")
        #expect(lookups.withLock { $0 } == 1, "the sender resolved the name again after the check")
        // The server is there and speaks TLS for the name: a client told to dial it reaches it,
        // and that is the only connection it ever accepted.
        let client = try OutboundHTTPClient(configuration: .init(caFile: pki.caFile))
        let count = try await client.send("GET", "https://other.example:\(server.port)/count", connectTo: "127.0.0.1")
        #expect(String(decoding: count.body, as: UTF8.self) == "1", "the delivery reached 127.0.0.1")
    }
}
