import Glibc

/// HTTP dates (RFC 9110 §5.6.7) in their one preferred form, IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`); `line` is the `Date` header, rebuilt at most once a second per loop.
public struct HTTPDate {
    private var second: Int = -1
    private(set) var line: [UInt8] = []

    mutating func refresh() {
        let now = time(nil)
        guard Int(now) != second else { return }
        second = Int(now)
        line = Array("Date: \(Self.format(unixSeconds: Int(now)))\r\n".utf8)
    }

    /// IMF-fixdate of a Unix time, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(unixSeconds: Int) -> String {
        var time = time_t(unixSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 40)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Unix seconds of an IMF-fixdate; nil for anything else (obsolete forms included, which
    /// makes a conditional request unconditional — the safe side).
    public static func parse(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), bytes[4] == 0x20, bytes[7] == 0x20, bytes[11] == 0x20,
              bytes[16] == 0x20, bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":"), bytes[25] == 0x20,
              bytes[26...].elementsEqual("GMT".utf8),
              let day = digits(bytes[5..<7]), let year = digits(bytes[12..<16]), let hour = digits(bytes[17..<19]),
              let minute = digits(bytes[20..<22]), let second = digits(bytes[23..<25]),
              let month = months.firstIndex(of: String(decoding: bytes[8..<11], as: UTF8.self)),
              (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int(timegm(&parts))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
