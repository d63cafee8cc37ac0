import Glibc

/// A socket peer's IP address as its 128 bits, read from the `sockaddr` at accept — so the
/// application can key per-client state (the rate limit) without parsing the peer's text on
/// every request. An IPv4 address, or an IPv4-mapped IPv6 one (`::ffff:a.b.c.d`, a
/// dual-stack listener), is `isV4` with the address in the low 32 bits of `low`.
public struct PeerAddress: Sendable, Hashable {
    /// Bits 127…64 and 63…0 of an IPv6 address; for IPv4, 0 and the address.
    public let high: UInt64
    public let low: UInt64
    public let isV4: Bool

    public init(high: UInt64, low: UInt64, isV4: Bool) {
        self.high = high
        self.low = low
        self.isV4 = isV4
    }

    /// The address of an `AF_INET` or `AF_INET6` socket address; nil for any other family.
    init?(_ storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let value = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
            }
            self.init(high: 0, low: UInt64(value), isV4: true)
        case AF_INET6:
            let (high, low) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    withUnsafeBytes(of: address.pointee.sin6_addr) { bytes in
                        (bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                    }
                }
            }
            let mapped = high == 0 && low >> 32 == 0xFFFF
            self.init(high: mapped ? 0 : high, low: mapped ? low & 0xFFFF_FFFF : low, isV4: mapped)
        default:
            return nil
        }
    }
}
