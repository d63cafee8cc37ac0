import Glibc
import HTTPServer

/// An IPv4 or IPv6 address read strictly (`inet_pton`: dotted quads only, no octal, hex or
/// short forms), kept as 128 bits so that matching a range is two masked compares.
///
/// An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`) is its IPv4 address, as the engine
/// already reports such socket peers, so one client has one spelling.
struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Bits 127…64 and 63…0; an IPv4 address lives in the low 32 bits of `low`.
    let high: UInt64
    let low: UInt64
    let isV4: Bool

    private init(high: UInt64, low: UInt64, isV4: Bool) {
        self.high = high
        self.low = low
        self.isV4 = isV4
    }

    /// One word into the hasher, not three (the rate limit hashes a client on every request);
    /// the rare IPv4-compatible IPv6 address sharing an IPv4's word is told apart by `==`.
    func hash(into hasher: inout Hasher) {
        hasher.combine(high &* 0x9E37_79B9_7F4A_7C15 ^ low)
    }

    init(v4 value: UInt32) { self.init(high: 0, low: UInt64(value), isV4: true) }

    init(v6 high: UInt64, _ low: UInt64) {
        if high == 0 && low >> 32 == 0xFFFF {   // ::ffff:a.b.c.d
            self.init(v4: UInt32(truncatingIfNeeded: low))
        } else {
            self.init(high: high, low: low, isV4: false)
        }
    }

    /// The engine's bits of a socket peer (read at accept, not parsed from text).
    init(_ peer: PeerAddress) {
        self.init(high: peer.high, low: peer.low, isV4: peer.isV4)
    }

    /// The first `length` bits kept, the rest cleared (0…32 bits of IPv4, 0…128 of IPv6).
    func masked(_ length: Int) -> IPAddress {
        if isV4 {
            let mask: UInt32 = length <= 0 ? 0 : ~UInt32(0) << UInt32(32 - min(length, 32))
            return IPAddress(v4: UInt32(truncatingIfNeeded: low) & mask)
        }
        let highMask: UInt64 = length >= 64 ? ~0 : (length <= 0 ? 0 : ~UInt64(0) << UInt64(64 - length))
        let lowMask: UInt64 = length <= 64 ? 0 : (length >= 128 ? ~0 : ~UInt64(0) << UInt64(128 - length))
        return IPAddress(high: high & highMask, low: low & lowMask, isV4: false)
    }

    /// Numeric text only: `203.0.113.7`, `2001:db8::1`; nil for anything else (names, zones, ports).
    init?(_ text: Substring) { self.init(String(text)) }

    /// Numeric text only: `203.0.113.7`, `2001:db8::1`; nil for anything else (names, zones, ports).
    init?(_ text: String) {
        var string = text
        guard !string.isEmpty, string.utf8.count <= 45 else { return nil }
        // IPv4, the common case on every request, without the C call: a hand-written copy of
        // glibc's inet_pton4 (four decimal octets, each at most 255, no leading zeros).
        if let value = string.withUTF8({ Self.parseV4($0) }) {
            self.init(v4: value)
            return
        }
        guard string.utf8.contains(UInt8(ascii: ":")) else { return nil }
        var raw = in6_addr()
        guard inet_pton(AF_INET6, string, &raw) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &raw) { Array($0) }
        self.init(v6: Self.bigEndian(bytes[0..<8]), Self.bigEndian(bytes[8..<16]))
    }

    private static func parseV4(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard !(digits > 0 && octet == 0) else { return nil }   // 01, 00
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// The canonical text (`inet_ntop`): lower-case, zeros compressed, IPv4 dotted.
    var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if isV4 {
            var raw = in_addr(s_addr: UInt32(truncatingIfNeeded: low).bigEndian)
            _ = inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
        } else {
            var bytes = [UInt8](repeating: 0, count: 16)
            for index in 0..<8 {
                bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
                bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
            }
            _ = inet_ntop(AF_INET6, &bytes, &text, socklen_t(text.count))
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
