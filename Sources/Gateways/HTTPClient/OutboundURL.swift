import Marketplace

/// An absolute `http` or `https` URL, parsed strictly: no user info, a host of letters,
/// digits, `-` and `.` (or a bracketed IPv6 literal), an optional port.
struct OutboundURL: Hashable, Sendable {
    let isTLS: Bool
    /// Lower-cased, without brackets.
    let host: String
    let port: UInt16
    /// Path and query, never empty (`/`); the fragment is dropped.
    let target: String

    /// The `Host` header: the port only when it is not the scheme's default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isTLS ? 443 : 80) ? name : "\(name):\(port)"
    }

    init(_ text: String) throws {
        let invalid = GatewayError.transport("invalid URL")
        guard let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].hasPrefix("//") else { throw invalid }
        switch text[..<colon].lowercased() {
        case "http": isTLS = false
        case "https": isTLS = true
        default: throw invalid
        }
        var rest = text[text.index(colon, offsetBy: 3)...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        target = path.isEmpty ? "/" : (path.first == "?" ? "/" + path : String(path))
        guard !authority.contains("@"), !target.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 0x21 || $0 == 0x7F } ?? true }) else {
            throw invalid
        }
        var hostPart = Substring(authority)
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid }
                portPart = after.dropFirst()
            }
            guard !hostPart.isEmpty, hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { throw invalid }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            }
            guard !hostPart.isEmpty, hostPart.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "." }) else {
                throw invalid
            }
        }
        host = hostPart.lowercased()
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt16(portPart), value > 0 else { throw invalid }
            port = value
        } else {
            port = isTLS ? 443 : 80
        }
    }
}
