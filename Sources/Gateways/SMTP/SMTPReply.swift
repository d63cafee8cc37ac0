import Marketplace

/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines; a multi-line reply
/// is `250-…` lines ended by one `250 …` line.
struct SMTPReply: Sendable, CustomStringConvertible {
    let code: Int
    let lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    var isTransient: Bool { (400..<500).contains(code) }

    /// The EHLO keywords (first word of each line after the greeting line), upper-cased.
    var keywords: [String: String] {
        var found: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let first = parts.first else { continue }
            found[first.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
        return found
    }

    var description: String { "\(code) " + lines.joined(separator: " / ") }
}

/// Reads CRLF lines and replies from a stream, each within the step's deadline.
final class SMTPLineReader {
    private var buffer: [UInt8] = []
    /// A reply line is at most 512 octets (RFC 5321 §4.5.3.1.5); allow more, bounded.
    static let maxLine = 4096
    static let maxLines = 100

    /// Forgets anything buffered (the STARTTLS switch must start from nothing: RFC 3207 §4.2).
    func reset() -> Bool {
        defer { buffer = [] }
        return buffer.isEmpty
    }

    func line(from stream: any OutboundStream, until deadline: ContinuousClock.Instant) throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < Self.maxLine else { throw GatewayError.transport("SMTP: reply line too long") }
            let chunk = try stream.read(maxCount: 4096, until: deadline)
            guard !chunk.isEmpty else { throw GatewayError.transport("SMTP: the server closed the connection") }
            buffer += chunk
        }
    }

    func reply(from stream: any OutboundStream, until deadline: ContinuousClock.Instant) throws -> SMTPReply {
        var lines: [String] = []
        var code = 0
        while true {
            let line = try line(from: stream, until: deadline)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let value = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(value)
            else { throw GatewayError.transport("SMTP: unreadable reply \"\(line.prefix(80))\"") }
            if code != 0 && value != code { throw GatewayError.transport("SMTP: multi-line reply changed its code") }
            code = value
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            guard lines.count <= Self.maxLines else { throw GatewayError.transport("SMTP: reply too long") }
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return SMTPReply(code: code, lines: lines) }
            guard bytes[3] == UInt8(ascii: "-") else { throw GatewayError.transport("SMTP: unreadable reply \"\(line.prefix(80))\"") }
        }
    }
}

/// RFC 5321 §4.5.2 transparency: a line that starts with "." gets another; the data ends with
/// CRLF "." CRLF. `bytes` has CRLF line ends (a bare LF is sent as CRLF).
enum SMTPData {
    static func stuffed(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 50 + 5)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }
}
