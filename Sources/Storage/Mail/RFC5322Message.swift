import Glibc
import Marketplace

/// Renders a queued mail as an RFC 5322 / MIME message: CRLF line ends; `Date`, `From`, `To`,
/// `Subject` (RFC 2047 `=?UTF-8?B?…?=` words when it is not plain ASCII), `Message-ID`;
/// a `multipart/alternative` body of a UTF-8 text part and an HTML part (or the text part
/// alone), each base64 in lines of 76, so no line is too long and 8-bit-unclean relays
/// cannot garble Korean.
public enum RFC5322Message {
    /// The parts of one message.
    public struct Content: Sendable {
        public let to: String
        public let subject: String
        public let text: String
        public let html: String?

        public init(to: String, subject: String, text: String, html: String?) {
            self.to = to
            self.subject = subject
            self.text = text
            self.html = html
        }
    }

    /// The whole message. `from` is `Name <address>` or a bare address; `messageID` has no brackets.
    public static func render(_ content: Content, from: String, date: Double, messageID: String) -> [UInt8] {
        var lines = [
            "Date: \(rfc5322Date(date))",
            "From: \(mailbox(from))",
            "To: <\(oneLine(content.to))>",
            "Subject: \(encodedWords(oneLine(content.subject), prefix: "Subject: ".count))",
            "Message-ID: <\(oneLine(messageID))>",
            "MIME-Version: 1.0",
        ]
        if let html = content.html {
            let boundary = "=_mp_" + messageID.filter { $0.isLetter || $0.isNumber }
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines += part(content.text, type: "text/plain")
            lines.append("--\(boundary)")
            lines += part(html, type: "text/html")
            lines.append("--\(boundary)--")
        } else {
            lines += part(content.text, type: "text/plain")
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The envelope address of `from` (`a@b` out of `Name <a@b>`).
    public static func address(of from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else {
            return from.trimmingSpaces
        }
        return String(from[from.index(after: open)..<close]).trimmingSpaces
    }

    /// A part's headers, a blank line and its body in base64 (normalized to CRLF first).
    private static func part(_ text: String, type: String) -> [String] {
        let normalized = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }.joined(separator: "\r\n")
        let encoded = Base64.encode(Array(normalized.utf8))
        var lines = ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[start..<end]))
            start = end
        }
        return lines
    }

    /// `Name <address>` with the name encoded when it is not plain ASCII.
    private static func mailbox(_ from: String) -> String {
        let bare = address(of: from)
        guard let open = from.lastIndex(of: "<") else { return bare }
        let name = String(from[..<open]).trimmingSpaces
        return name.isEmpty ? "<\(bare)>" : "\(encodedWords(oneLine(name), prefix: "From: ".count)) <\(bare)>"
    }

    /// `text` as it is when it is printable ASCII that fits one line; else RFC 2047 B-encoded
    /// UTF-8 words of at most 75 characters, never splitting a character, folded with CRLF SP.
    static func encodedWords(_ text: String, prefix: Int) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && text.utf8.count + prefix <= 78 && !text.contains("=?") {
            return text
        }
        // 75 - "=?UTF-8?B?".count - "?=".count = 63 base64 characters: 45 bytes (divisible by 3).
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// RFC 5322 §3.3 date-time in UTC, e.g. `Tue, 07 May 2024 09:30:00 +0000`.
    static func rfc5322Date(_ seconds: Double) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }

    /// A header value on one line: CR and LF can never start a forged header.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\r" || $0 == "\n" ? " " : $0 })
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while view.first == " " || view.first == "\t" { view = view.dropFirst() }
        while view.last == " " || view.last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
