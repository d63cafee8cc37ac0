import HTTPServer
/// Who the client is (docs/API.md §12): the socket peer, or — only when the peer is one of
/// `server.trustedProxies` — the nearest `X-Forwarded-For` hop that is not itself trusted.
///
/// The walk reads every `X-Forwarded-For` line in order as one comma list (RFC 9110 §5.3)
/// and goes from the right, the hop the trusted peer itself wrote, towards the left, which
/// anyone may have written:
/// - a well-formed hop outside the trusted ranges is the client, and the walk stops;
/// - a trusted hop is one more proxy: the walk goes on from it;
/// - a malformed hop (empty, `unknown`, a name, anything that is not a numeric address)
///   stops the walk at the last trusted address reached — the proxy that forwarded
///   garbage answers for it, so junk can never choose a budget;
/// - when every hop is trusted, the leftmost one is the client.
/// An untrusted peer's `X-Forwarded-For` is never read. Hops may be `[v6]`, `[v6]:port` or
/// `v4:port` (some proxies append the port); the result is canonical text (`inet_ntop`).
struct TrustedProxies: Sendable {
    let ranges: [IPRange]

    init(_ ranges: [IPRange] = []) { self.ranges = ranges }

    /// The configured entries, already validated (`AppConfig.validate`).
    init(configured entries: [String]) {
        self.init(entries.compactMap { try? IPRange(parsing: $0) })
    }

    var isEmpty: Bool { ranges.isEmpty }

    func isTrusted(_ address: IPAddress) -> Bool { ranges.contains { $0.contains(address) } }

    /// The client address for a request from `peer` with these headers.
    func clientAddress(peer: String, headers: HTTPHeaders) -> String {
        client(peer: peer, IPAddress(peer), headers: headers).text
    }

    /// The client for a request from `peer` (its text, and its address when it is one) with
    /// these headers: as text for logs and handlers, and as the address the rate limit keys by.
    func client(peer: String, _ peerAddress: IPAddress?, headers: HTTPHeaders) -> (text: String, address: IPAddress?) {
        // No proxies configured (the default): nothing to parse or render on the hot path.
        guard !ranges.isEmpty, let peerAddress, isTrusted(peerAddress) else { return (peer, peerAddress) }
        let lines = headers.values("X-Forwarded-For")
        guard !lines.isEmpty else { return (peer, peerAddress) }
        var current = peerAddress
        for line in lines.reversed() {
            for hop in line.split(separator: ",", omittingEmptySubsequences: false).reversed() {
                guard let address = Self.hopAddress(hop) else { return (current.description, current) }
                if !isTrusted(address) { return (address.description, address) }
                current = address
            }
        }
        return (current.description, current)
    }

    /// A hop's address: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:443`,
    /// `203.0.113.7:5678`, with optional whitespace around it; nil otherwise.
    static func hopAddress(_ raw: Substring) -> IPAddress? {
        let hop = raw.trimmingOWS()
        if hop.hasPrefix("[") {
            guard let close = hop.firstIndex(of: "]") else { return nil }
            let rest = hop[hop.index(after: close)...]
            guard rest.isEmpty || Self.isPort(rest.dropFirst()) && rest.hasPrefix(":") else { return nil }
            return IPAddress(hop[hop.index(after: hop.startIndex)..<close])
        }
        let colons = hop.utf8.count(where: { $0 == UInt8(ascii: ":") })
        if colons == 1, let colon = hop.firstIndex(of: ":") {   // v4:port
            guard isPort(hop[hop.index(after: colon)...]) else { return nil }
            return IPAddress(hop[..<colon]).flatMap { $0.isV4 ? $0 : nil }
        }
        return IPAddress(hop)
    }

    private static func isPort(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.count <= 5 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
