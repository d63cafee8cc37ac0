/// One entry of `server.trustedProxies`: an address (`10.0.0.7`, `::1`) or a CIDR range
/// (`10.0.0.0/8`, `2001:db8::/32`).
struct IPRange: Sendable, Equatable, CustomStringConvertible {
    let network: IPAddress
    /// Leading bits that must match: 0…32 for IPv4, 0…128 for IPv6.
    let prefixLength: Int

    /// Why a configured entry was refused.
    enum ParseError: Error, Equatable {
        case notAnAddress
        case badPrefix
        /// `10.0.0.1/8`: bits set after the prefix, so it is unclear whether the range or the host was meant.
        case hostBitsSet(suggestion: String)
    }

    init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { throw .notAnAddress }
        let spelledV6 = parts[0].contains(":")
        let width = spelledV6 ? 128 : 32
        var length = width
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.utf8.count <= 3, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let value = Int(digits), value <= width
            else { throw .badPrefix }
            length = value
        }
        // A mapped IPv6 range (`::ffff:10.0.0.0/104`) is the IPv4 range it covers.
        if address.isV4 && spelledV6 {
            guard length >= 96 else { throw .badPrefix }
            length -= 96
        }
        let masked = address.masked(length)
        guard masked == address else { throw .hostBitsSet(suggestion: "\(masked)/\(length)") }
        network = address
        prefixLength = length
    }

    func contains(_ address: IPAddress) -> Bool {
        address.isV4 == network.isV4 && address.masked(prefixLength) == network
    }

    var description: String { "\(network)/\(prefixLength)" }
}
