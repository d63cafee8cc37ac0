import Glibc

/// RFC 3339 timestamps in UTC, as API.md §1 prints every time (and the logs, with milliseconds).
enum RFC3339 {
    /// `2024-05-07T09:30:00Z` for seconds since the Unix epoch (fractions dropped), or
    /// `2024-05-07T09:30:00.123Z` when `millis` (0–999) is given.
    static func format(_ seconds: Double, millis: Int? = nil) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fraction = millis.map { "." + pad(Int32($0), 3) } ?? ""
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))\(fraction)Z"
    }
}
