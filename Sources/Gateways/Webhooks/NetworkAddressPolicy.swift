import Glibc

/// Which addresses webhooks may target when `webhooks.allowPrivateNetworks` is off (the SSRF
/// guard, issue #8): none of loopback, RFC 1918 private, link-local, CGNAT (100.64/10),
/// unique-local (fc00::/7), unspecified, multicast, reserved, IPv4-mapped / -compatible
/// IPv6, nor NAT64 / 6to4 forms of a refused IPv4 address.
///
/// Literal hosts are read the way the C library (and so the HTTP client) reads them:
/// `inet_aton` for IPv4, which accepts decimal (`2130706433`), hex (`0x7f.1`), octal
/// (`0177.0.0.1`) and short (`127.1`) spellings, and `inet_pton(AF_INET6)` for `[…]` forms.
public enum NetworkAddressPolicy {
    /// A parsed address: 4 or 16 bytes.
    public struct Address: Equatable, Sendable, CustomStringConvertible {
        let bytes: [UInt8]

        public var description: String {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var copy = bytes
            let family = bytes.count == 4 ? AF_INET : AF_INET6
            _ = inet_ntop(family, &copy, &text, socklen_t(text.count))
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The host as a literal address in any spelling the C library accepts, or nil for a name.
    public static func literal(_ host: String) -> Address? {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if let zone = name.firstIndex(of: "%") { name = String(name[..<zone]) }
        var v6 = in6_addr()
        if name.contains(":") {
            guard inet_pton(AF_INET6, name, &v6) == 1 else { return nil }
            return Address(bytes: withUnsafeBytes(of: &v6) { Array($0) })
        }
        var v4 = in_addr()
        // inet_aton: the permissive, historical reading (decimal, hex, octal, short forms).
        guard !name.isEmpty, inet_aton(name, &v4) == 1 else { return nil }
        return Address(bytes: withUnsafeBytes(of: &v4) { Array($0) })
    }

    /// Whether a webhook may be sent to `address` with private networks refused.
    public static func isPublic(_ address: Address) -> Bool {
        let b = address.bytes
        if b.count == 4 { return isPublicV4(b) }
        guard b.count == 16 else { return false }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return false }                       // ::, ::1
        if b[0..<10].allSatisfy({ $0 == 0 }) { return false }                       // ::ffff:a.b.c.d, ::a.b.c.d
        if b[0] == 0xFF { return false }                                            // multicast
        if b[0] & 0xFE == 0xFC { return false }                                     // fc00::/7 unique-local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return false }                     // fe80::/10 link-local
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return false }                     // fec0::/10 site-local
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B {           // 64:ff9b::/96 NAT64
            return isPublicV4(Array(b[12..<16]))
        }
        if b[0] == 0x20 && b[1] == 0x02 { return isPublicV4(Array(b[2..<6])) }      // 2002::/16 6to4
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 { return false } // documentation
        if b[0] == 0x01 && b[1] == 0x00 && b[2..<8].allSatisfy({ $0 == 0 }) { return false } // 100::/64 discard
        return true
    }

    public static func isPublicV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return false                        // this network, private, loopback
        case (100, 64...127): return false                                  // CGNAT
        case (169, 254): return false                                       // link-local
        case (172, 16...31): return false                                   // private
        case (192, 168): return false                                       // private
        case (192, 0) where b[2] == 0 || b[2] == 2: return false            // IETF protocol, TEST-NET-1
        case (198, 18...19): return false                                   // benchmarking
        case (198, 51) where b[2] == 100: return false                      // TEST-NET-2
        case (203, 0) where b[2] == 113: return false                       // TEST-NET-3
        case (224...255, _): return false                                   // multicast, reserved, broadcast
        default: return true
        }
    }

    /// Every address `host` resolves to (getaddrinfo, TCP), literal spellings included.
    /// Blocking: call it off the event loops (the delivery worker's queue, or a detached task).
    public static func resolve(_ host: String, port: Int) -> [Address] {
        if let literal = literal(host) { return [literal] }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [Address] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let socketAddress = info.pointee.ai_addr {
                if info.pointee.ai_family == AF_INET {
                    var v4 = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    addresses.append(Address(bytes: withUnsafeBytes(of: &v4) { Array($0) }))
                } else if info.pointee.ai_family == AF_INET6 {
                    var v6 = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses.append(Address(bytes: withUnsafeBytes(of: &v6) { Array($0) }))
                }
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}
