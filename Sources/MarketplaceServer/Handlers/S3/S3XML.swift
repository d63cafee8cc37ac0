import HTTPServer

/// The XML `/s3` writes (S3's documents, namespace `http://s3.amazonaws.com/doc/2006-03-01/`)
/// and the little it reads (CompleteMultipartUpload, Delete): flat elements of text, which a
/// scan for `<Name>…</Name>` reads without a general parser.
struct S3XML {
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"
    private var text: String
    private var open: [String]

    /// A document whose root element is `root` (in S3's namespace, except `Error`).
    static func document(_ root: String) -> S3XML {
        let attributes = root == "Error" ? "" : " xmlns=\"\(namespace)\""
        return S3XML(text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(root)\(attributes)>", open: [root])
    }

    mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>\(Self.escape(value))</\(name)>"
    }

    mutating func start(_ name: String) {
        text += "<\(name)>"
        open.append(name)
    }

    mutating func end() {
        text += "</\(open.removeLast())>"
    }

    func response(status: Int = 200) -> Response {
        var copy = self
        while !copy.open.isEmpty { copy.end() }
        return Response(status: status, headers: HTTPHeaders([("Content-Type", "application/xml")]), body: Array(copy.text.utf8))
    }

    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 < 0x20 }) else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20: out += "&#\(scalar.value);"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text of every `<name>…</name>` in `body`, entities decoded, in order; nil when the
    /// body is not UTF-8 or an element is left open.
    static func values(_ name: String, in body: String) -> [String]? {
        var values: [String] = []
        var rest = body[...]
        let open = "<\(name)>", close = "</\(name)>"
        while let start = rest.firstRange(of: open) {
            guard let end = rest[start.upperBound...].firstRange(of: close) else { return nil }
            guard let value = unescape(rest[start.upperBound..<end.lowerBound]) else { return nil }
            values.append(value)
            rest = rest[end.upperBound...]
        }
        return values
    }

    /// The `<name>…</name>` blocks of `body` (their inner text, undecoded).
    static func blocks(_ name: String, in body: String) -> [Substring]? {
        var blocks: [Substring] = []
        var rest = body[...]
        while let start = rest.firstRange(of: "<\(name)>") {
            guard let end = rest[start.upperBound...].firstRange(of: "</\(name)>") else { return nil }
            blocks.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return blocks
    }

    private static func unescape(_ text: Substring) -> String? {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { return nil }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                guard entity.hasPrefix("#") else { return nil }
                let digits = entity.dropFirst()
                let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                guard let value, let scalar = Unicode.Scalar(value) else { return nil }
                out.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
