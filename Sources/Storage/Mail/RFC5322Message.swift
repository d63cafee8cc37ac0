import Glibc
import Marketplace

/// Renders a `MailMessage` as an RFC 5322 message: CRLF line ends, a header section, a
/// blank line, and a UTF-8 plain-text body (MIME 1.0, 8bit).
enum RFC5322Message {
    static let from = "Marketplace <no-reply@marketplace.invalid>"

    static func render(_ message: MailMessage, date: Double, messageID: String) -> [UInt8] {
        let headers = [
            "Date: \(rfc5322Date(date))",
            "From: \(from)",
            "To: <\(message.to.value)>",
            "Subject: \(headerText(message.subject))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        var lines = headers + [""]
        lines += message.body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
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
    private static func headerText(_ text: String) -> String {
        String(text.map { $0 == "\r" || $0 == "\n" ? " " : $0 })
    }
}
