import Gateways
import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The SSRF guard's address classifier, pure: every spelling the C library accepts.
@Suite("Webhooks: the private-address classifier")
struct NetworkAddressPolicyTests {
    @Test("refused: loopback, private, link-local, CGNAT, unique-local, mapped, unspecified — in any spelling", arguments: [
        "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "017700000001", "0x7F.1",
        "10.0.0.1", "012.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "0xc0a80101", "3232235777",
        "169.254.169.254", "0xa9fea9fe", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0", "0.1.2.3",
        "224.0.0.1", "255.255.255.255", "198.18.0.1",
        "::1", "[::1]", "::", "[::]", "0:0:0:0:0:0:0:1", "fe80::1", "[fe80::1%25eth0]", "fc00::1", "fd12:3456::1",
        "::ffff:127.0.0.1", "[::ffff:7f00:1]", "::ffff:8.8.8.8", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1",
        "2002:c0a8:0101::1", "ff02::1", "fec0::1",
    ])
    func refused(_ host: String) throws {
        let address = try #require(NetworkAddressPolicy.literal(host), "\(host) should parse as a literal address")
        #expect(!NetworkAddressPolicy.isPublic(address), "\(host) → \(address)")
    }

    @Test("allowed: public addresses", arguments: [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "134744072", "0x08080808", "172.32.0.1", "100.128.0.1", "192.169.0.1",
        "2606:4700:4700::1111", "[2001:4860:4860::8888]", "64:ff9b::808:808", "2002:0808:0808::1",
    ])
    func allowed(_ host: String) throws {
        let address = try #require(NetworkAddressPolicy.literal(host))
        #expect(NetworkAddressPolicy.isPublic(address), "\(host) → \(address)")
    }

    @Test("names are not literals; they are resolved and every address checked")
    func names() {
        #expect(NetworkAddressPolicy.literal("example.com") == nil)
        #expect(NetworkAddressPolicy.literal("localhost") == nil)
        #expect(NetworkAddressPolicy.resolve("localhost", port: 80).allSatisfy { !NetworkAddressPolicy.isPublic($0) })
    }

    @Test("URLs: http(s) only, ≤ 2048 characters, no userinfo, a host")
    func urls() throws {
        for bad in ["ftp://example.com/", "example.com/hook", "http://user:pass@example.com/", "http://user@example.com/",
                    "http:///path", "http://example.com/" + String(repeating: "a", count: 2048), "javascript:alert(1)"] {
            #expect(throws: (any Error).self, "\(bad)") { try WebhookTarget.parse(bad) }
        }
        let target = try WebhookTarget.parse("http://Example.com:8080/hooks?a=1")
        #expect(target.port == 8080 && target.host.lowercased() == "example.com" && target.scheme == "http")
        #expect(target.pinned(to: try #require(NetworkAddressPolicy.literal("93.184.216.34"))).absoluteString
                == "http://93.184.216.34:8080/hooks?a=1")
        #expect(target.hostHeader.lowercased() == "example.com:8080")
    }
}

/// The delivery's pinning: the checked address in the URL, the original name in `Host`.
@Suite("Webhooks: connecting to the checked address")
struct WebhookPinningTests {
    @Test("an http delivery goes to the pinned address and carries the URL's own Host header")
    func pinnedHost() async throws {
        let responder = try RawHTTPResponder(answer: Array("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n".utf8))
        let target = try WebhookTarget.parse("http://hooks.example.com:\(responder.port)/in")
        let pinned = target.pinned(to: try #require(NetworkAddressPolicy.literal("127.0.0.1")))
        #expect(pinned.absoluteString == "http://127.0.0.1:\(responder.port)/in")
        let client = try OutboundHTTPClient.gateway(timeoutSeconds: 5)
        // The sender's way: the URL as registered, dialled at the checked address.
        let reply = try await client.send("POST", target.url.absoluteString, headers: [], json: Data("{}".utf8), connectTo: "127.0.0.1")
        #expect(reply.status == 204)
        #expect(responder.received.lowercased().contains("\r\nhost: hooks.example.com:\(responder.port)\r\n"), "\(responder.received)")
    }
}

/// Redirects are answers, not instructions: a 3xx is a failed attempt and is not followed.
@Suite("Webhooks: redirects")
struct WebhookRedirectTests {
    @Test("a 302 is a failed attempt, retried on the schedule; the Location is never visited")
    func redirectNotFollowed() async throws {
        let consumer = try WebhookConsumer()
        let responder = try RawHTTPResponder(answer: Array(
            "HTTP/1.1 302 Found\r\nLocation: \(consumer.url("target"))\r\nContent-Length: 0\r\n\r\n".utf8))
        try await OrdersHarness.run(configure: { $0.webhooks.retrySchedule = [60] }) { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            let hook = try orders.auth.request("POST", "/api/v1/customer/webhooks",
                                               json: ["url": "http://127.0.0.1:\(responder.port)/hook", "events": ["*"]], token: customer)
            let id = try #require(try hook.json()["id"] as? Int)
            try consumer.secret(try #require(try hook.json()["secret"] as? String), for: "target")
            _ = try orders.placed([(try orders.product("Thing", token: seller), 1)], token: customer)
            let attempt = try await WebhookDeliveryTests.eventually {
                let items = try orders.get("/api/v1/customer/webhooks/\(id)/deliveries", token: customer).json()["items"]
                return (items as? [[String: Any]])?.first
            }
            #expect(attempt["status"] as? String == "FAILED" && attempt["deliveryStatus"] as? String == "PENDING")
            #expect(attempt["nextAttemptAt"] is String)
            #expect((attempt["error"] as? String)?.contains("redirect") == true, "\(attempt)")
            try await Task.sleep(for: .milliseconds(300))
            #expect(consumer.records().isEmpty)
        }
    }
}
