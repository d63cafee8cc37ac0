import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Trusted proxies: which X-Forwarded-For hop is the client")
struct TrustedProxiesTests {
    static func proxies(_ entries: String...) throws -> TrustedProxies {
        TrustedProxies(try entries.map { try IPRange(parsing: $0) })
    }

    static func client(_ proxies: TrustedProxies, peer: String, _ forwardedFor: String...) -> String {
        proxies.clientAddress(peer: peer, headers: HTTPHeaders(forwardedFor.map { ("X-Forwarded-For", $0) }))
    }

    @Test("entries: addresses and CIDR ranges, IPv4 and IPv6, mapped IPv4 read as IPv4", arguments: [
        ("10.0.0.0/8", "10.0.0.0/8"), ("192.168.1.7", "192.168.1.7/32"), ("0.0.0.0/0", "0.0.0.0/0"),
        ("2001:db8::/32", "2001:db8::/32"), ("::1", "::1/128"), ("2001:DB8:0:0::/64", "2001:db8::/64"),
        ("::ffff:10.0.0.0/104", "10.0.0.0/8"), ("::ffff:10.1.2.3", "10.1.2.3/32"),
    ])
    func parses(entry: String, canonical: String) throws {
        #expect(try IPRange(parsing: entry).description == canonical)
    }

    @Test("entries that are not numeric addresses or sensible prefixes are refused", arguments: [
        "localhost", "", "10.0.0", "127.1", "0x7f.0.0.1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8",
        "2001:db8::/129", "fe80::1%eth0", "::ffff:10.0.0.0/95", "10.0.0.0/ 8", " 10.0.0.1",
    ])
    func refuses(entry: String) {
        #expect(throws: IPRange.ParseError.self) { try IPRange(parsing: entry) }
    }

    @Test("a range with bits set after its prefix is refused with the range it may have meant")
    func hostBits() {
        #expect(throws: IPRange.ParseError.hostBitsSet(suggestion: "10.0.0.0/8")) { try IPRange(parsing: "10.0.0.1/8") }
        #expect(throws: IPRange.ParseError.hostBitsSet(suggestion: "2001:db8::/32")) { try IPRange(parsing: "2001:db8::1/32") }
    }

    @Test("IPv4 is read exactly as inet_pton reads it", arguments: [
        "0.0.0.0", "255.255.255.255", "1.2.3.4", "10.0.0.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.00", "1..3.4",
        ".1.2.3", "1.2.3.", "1.2.3.4 ", "1.2.3.-4", "1.2.3.4x", "1.2.3.255", "1.2.3.260", "999.1.1.1", "0.0.0.00",
    ])
    func ipv4LikeInetPton(text: String) {
        var raw = in_addr()
        let expected = inet_pton(AF_INET, text, &raw) == 1 ? UInt32(bigEndian: raw.s_addr) : nil
        let parsed = IPAddress(text)
        #expect(parsed.map { UInt32(truncatingIfNeeded: $0.low) } == expected)
        #expect(parsed.map(\.description) == (expected == nil ? nil : text))
    }

    @Test("ranges match by prefix and family")
    func matching() throws {
        let v4 = try IPRange(parsing: "172.16.0.0/12"), v6 = try IPRange(parsing: "2001:db8:ab00::/40")
        #expect(v4.contains(try #require(IPAddress("172.31.255.255"))))
        #expect(!v4.contains(try #require(IPAddress("172.32.0.0"))))
        #expect(v4.contains(try #require(IPAddress("::ffff:172.16.0.1"))))
        #expect(v6.contains(try #require(IPAddress("2001:db8:abff:ffff::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db8:ac00::"))))
        #expect(!(try IPRange(parsing: "::/0")).contains(try #require(IPAddress("10.0.0.1"))))
    }

    @Test("without trusted proxies, or from an untrusted peer, X-Forwarded-For is never read")
    func spoofedHeaderIgnored() throws {
        #expect(Self.client(TrustedProxies(), peer: "198.51.100.4", "203.0.113.7") == "198.51.100.4")
        let proxies = try Self.proxies("10.0.0.0/8")
        #expect(Self.client(proxies, peer: "198.51.100.4", "203.0.113.7") == "198.51.100.4")
        #expect(Self.client(proxies, peer: "198.51.100.4", "10.0.0.3") == "198.51.100.4")
    }

    @Test("from a trusted peer the rightmost hop that is not trusted is the client; hops left of it are ignored")
    func rightmostUntrusted() throws {
        let proxies = try Self.proxies("10.0.0.0/8", "127.0.0.1")
        #expect(Self.client(proxies, peer: "127.0.0.1", "203.0.113.7") == "203.0.113.7")
        #expect(Self.client(proxies, peer: "10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.5") == "203.0.113.7")
        #expect(Self.client(proxies, peer: "10.0.0.2", "  198.51.100.1 ,\t203.0.113.7\t") == "203.0.113.7")
        #expect(Self.client(proxies, peer: "10.0.0.2") == "10.0.0.2", "no header: the proxy itself")
    }

    @Test("several X-Forwarded-For lines are one list, in order")
    func severalLines() throws {
        let proxies = try Self.proxies("10.0.0.0/8")
        #expect(Self.client(proxies, peer: "10.0.0.2", "198.51.100.1", "203.0.113.7, 10.0.0.5") == "203.0.113.7")
        #expect(Self.client(proxies, peer: "10.0.0.2", "203.0.113.9, 10.0.0.6", "10.1.1.1") == "203.0.113.9")
    }

    @Test("IPv6 proxies and clients, bracketed and with ports, come out canonical")
    func ipv6() throws {
        let proxies = try Self.proxies("2001:db8::/32", "::1")
        #expect(Self.client(proxies, peer: "::1", "2606:4700:0:0:0:0:0:1111") == "2606:4700::1111")
        #expect(Self.client(proxies, peer: "2001:db8::1", "2606:4700::1, [2606:4700::1111]:8443, [2001:DB8:FFFF::1]:443")
                == "2606:4700::1111")
        #expect(Self.client(proxies, peer: "2001:db8::1", "2606:4700::1, [2001:db8:ffff::1]") == "2606:4700::1")
        #expect(Self.client(proxies, peer: "::1", "203.0.113.7:5678") == "203.0.113.7")
        #expect(Self.client(proxies, peer: "::1", "::ffff:203.0.113.7") == "203.0.113.7")
    }

    @Test("when every hop is trusted, the leftmost is the client")
    func allTrusted() throws {
        let proxies = try Self.proxies("10.0.0.0/8")
        #expect(Self.client(proxies, peer: "10.0.0.2", "10.0.0.9, 10.0.0.8") == "10.0.0.9")
    }

    @Test("a malformed hop stops the walk at the last trusted address reached", arguments: [
        ("203.0.113.7, garbage, 10.0.0.8", "10.0.0.8"), ("unknown", "10.0.0.2"), ("203.0.113.7,,", "10.0.0.2"),
        ("", "10.0.0.2"), ("203.0.113.7, 10.0.0.8:99999x", "10.0.0.2"), ("[2001:db8::1", "10.0.0.2"),
        ("203.0.113.7, 2001:db8::1:80", "2001:db8::1:80"), ("203.0.113.7, example.com", "10.0.0.2"),
        ("203.0.113.7, 10.0.0.8 10.0.0.9", "10.0.0.2"), ("203.0.113.7, [::1]x", "10.0.0.2"),
    ])
    func malformedHop(header: String, client: String) throws {
        let proxies = try Self.proxies("10.0.0.0/8")
        #expect(Self.client(proxies, peer: "10.0.0.2", header) == client)
    }
}
