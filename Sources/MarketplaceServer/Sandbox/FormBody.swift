import HTTPServer
/// An `application/x-www-form-urlencoded` body.
struct FormBody {
    private var fields: [String: String] = [:]

    init(_ body: [UInt8]) {
        for pair in body.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(Substring(decoding: parts[0], as: UTF8.self), plusIsSpace: true)
            let value = parts.count > 1 ? PercentDecoding.decode(Substring(decoding: parts[1], as: UTF8.self), plusIsSpace: true) : ""
            if let name, let value, fields[name] == nil { fields[name] = value }
        }
    }

    subscript(name: String) -> String? { fields[name] }
}
