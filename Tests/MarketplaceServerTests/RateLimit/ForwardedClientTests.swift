import Foundation
import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Client addresses behind trusted proxies, over HTTP")
struct ForwardedClientTests {
    @Test("a trusted proxy forwarding for two clients gets two budgets; an untrusted peer's X-Forwarded-For is ignored")
    func budgetsPerForwardedClient() async throws {
        try await withProbeServer(configure: {
            $0.limits.requestsPerMinute = 5
            $0.server.trustedProxies = ["127.0.0.1"]
        }) { server in
            let viaProxy = RateLimitHarness.senders(12, from: "127.0.0.1", headers: [("X-Forwarded-For", "203.0.113.7")])
                + RateLimitHarness.senders(12, from: "127.0.0.1", headers: [("X-Forwarded-For", "198.51.100.1, 203.0.113.8")])
            // From an untrusted peer every request names another client: all count against the peer.
            let spoofed = (0..<12).map { (source: "127.0.0.2", headers: [("X-Forwarded-For", "203.0.113.\(100 + $0)")]) }
            let answers = RateLimitHarness.simultaneously(server, "/api/v1/categories", senders: viaProxy + spoofed)
            try #require(answers.allSatisfy { $0.status > 0 }, "every request answered: \(answers.filter { $0.status < 0 }.map(\.code))")
            let first = answers[0..<12], second = answers[12..<24], untrusted = answers[24...]
            #expect(first.filter { $0.status == 200 }.count == 5, "\(first.map(\.status))")
            #expect(second.filter { $0.status == 200 }.count == 5, "203.0.113.8 has its own budget: \(second.map(\.status))")
            #expect(untrusted.filter { $0.status == 200 }.count == 5,
                    "the peer 127.0.0.2 has one budget, whatever it claims: \(untrusted.map(\.status))")
            #expect((first + second + untrusted).filter { $0.status == 429 }.count == 21)
        }
    }

    @Test("handlers and the access log see the forwarded client, and the proxy as the peer")
    func handlersAndLog() async throws {
        let logPath = NSTemporaryDirectory() + "marketplace-forwarded-log-" + UUID().uuidString
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { close(fd); try? FileManager.default.removeItem(atPath: logPath) }
        let logger = Logger(minimum: .info, fd: fd, background: false)
        try await offPool {
            let server = try TestServer(configure: {
                $0.log.level = "info"
                $0.server.trustedProxies = ["127.0.0.1", "10.0.0.0/8"]
            }, logger: logger, extraRoutes: ProbeRoutes.mount)
            do {
                let forwarded = try server.request("GET", "/probe/client", headers: [
                    ("X-Forwarded-For", "192.0.2.66, 203.0.113.9"), ("X-Forwarded-For", "10.1.2.3"), ("X-Request-Id", "fwd-1"),
                ])
                #expect(forwarded.text == "127.0.0.1 203.0.113.9")
                let untrusted = try server.request("GET", "/probe/client", headers: [("X-Forwarded-For", "203.0.113.9"), ("X-Request-Id", "fwd-2")],
                                                   from: "127.0.0.2")
                #expect(untrusted.text == "127.0.0.2 127.0.0.2")
                let malformed = try server.request("GET", "/probe/client", headers: [("X-Forwarded-For", "203.0.113.9, not-an-ip, 10.9.9.9")])
                #expect(malformed.text == "127.0.0.1 10.9.9.9", "the walk stops at the last trusted hop")
                await server.stop()
            } catch {
                await server.stop()
                throw error
            }
        }
        logger.flush()
        let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
        let first = try #require(lines.first { $0.contains(#""requestId":"fwd-1""#) })
        #expect(first.contains(#""client":"203.0.113.9""#) && first.contains(#""peer":"127.0.0.1""#), "\(first)")
        let second = try #require(lines.first { $0.contains(#""requestId":"fwd-2""#) })
        #expect(second.contains(#""client":"127.0.0.2""#) && !second.contains(#""peer""#), "\(second)")
    }
}
