/// A header value of the form `essence; name=value; name="quoted \"value\""` (RFC 9110
/// §5.6.6): Content-Type, Content-Disposition.
public struct HeaderParameters: Equatable {
    /// The part before the first `;`, trimmed and ASCII-lowercased (`multipart/form-data`).
    public let essence: String
    /// Parameters by ASCII-lowercased name; quoted values unquoted. The first of a repeated name wins.
    public let parameters: [String: String]

    public init(_ value: String) {
        var bytes = value.utf8[...]
        var essence: [UInt8] = []
        while let byte = bytes.first, byte != UInt8(ascii: ";") { essence.append(byte); bytes.removeFirst() }
        self.essence = String(decoding: essence, as: UTF8.self).trimmingOWS().lowercased()
        var parameters: [String: String] = [:]
        while bytes.first == UInt8(ascii: ";") {
            bytes.removeFirst()
            var name: [UInt8] = []
            while let byte = bytes.first, byte != UInt8(ascii: "="), byte != UInt8(ascii: ";") { name.append(byte); bytes.removeFirst() }
            guard bytes.first == UInt8(ascii: "=") else { continue }
            bytes.removeFirst()
            while bytes.first == 0x20 || bytes.first == 0x09 { bytes.removeFirst() }
            var parsed: [UInt8] = []
            if bytes.first == UInt8(ascii: "\"") {
                bytes.removeFirst()
                while let byte = bytes.popFirst(), byte != UInt8(ascii: "\"") {
                    parsed.append(byte == UInt8(ascii: "\\") ? (bytes.popFirst() ?? byte) : byte)
                }
                while let byte = bytes.first, byte != UInt8(ascii: ";") { bytes.removeFirst() }   // junk after the quote
            } else {
                while let byte = bytes.first, byte != UInt8(ascii: ";") { parsed.append(byte); bytes.removeFirst() }
            }
            let key = String(decoding: name, as: UTF8.self).trimmingOWS().lowercased()
            if !key.isEmpty && parameters[key] == nil {
                parameters[key] = String(String(decoding: parsed, as: UTF8.self).trimmingOWS())
            }
        }
        self.parameters = parameters
    }

    public subscript(name: String) -> String? { parameters[name] }
}
