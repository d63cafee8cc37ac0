import Foundation

/// Reading the server's MIME mail in tests: headers as they are, base64 parts decoded.
enum MailText {
    /// The header section, a blank line, then each `Content-Transfer-Encoding: base64` part
    /// decoded (text first, then HTML), so tests can search the words people read.
    static func readable(_ raw: String) -> String {
        guard let split = raw.range(of: "\r\n\r\n") else { return raw }
        var out = String(raw[..<split.upperBound])
        var rest = Substring(raw)
        while let marker = rest.range(of: "Content-Transfer-Encoding: base64\r\n\r\n") {
            let body = rest[marker.upperBound...]
            let end = body.range(of: "\r\n--")?.lowerBound ?? body.endIndex
            let encoded = body[..<end].replacingOccurrences(of: "\r\n", with: "")
            if let data = Data(base64Encoded: encoded) { out += String(decoding: data, as: UTF8.self) + "\r\n" }
            rest = body[end...]
        }
        return out
    }
}
