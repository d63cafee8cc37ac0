import Glibc

/// The `Date` header line (RFC 9110 §6.6.1, IMF-fixdate), rebuilt at most once a second per loop.
public struct HTTPDate {
    private var second: Int = -1
    private(set) var line: [UInt8] = []

    mutating func refresh() {
        var now = time(nil)
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
}
