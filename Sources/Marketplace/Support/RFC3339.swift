/// RFC 3339 timestamps in UTC, as the API prints every time (docs/API.md §1: always with
/// milliseconds, `milliseconds(_:)`), and the logs. Pure arithmetic over `CivilDate`: no C
/// library, no Foundation.
public enum RFC3339 {
    /// The API's one form: `2024-05-07T09:30:00.123Z`, three digits always, the fraction
    /// truncated (never rounded up into the next second).
    public static func milliseconds(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        return format(whole, millis: min(999, max(0, Int(((seconds - whole) * 1000).rounded(.down)))))
    }

    /// `2024-05-07T09:30:00Z` for seconds since the Unix epoch (fractions dropped), or
    /// `2024-05-07T09:30:00.123Z` when `millis` (0–999) is given.
    public static func format(_ seconds: Double, millis: Int? = nil) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(Int64(seconds.rounded(.down)), millis: millis, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `"YYYY-MM-DDTHH:MM:SS.mmmZ"` (quotes included) for Unix milliseconds: the same
    /// text as `milliseconds`, without a `String` in between, for hot JSON responses.
    public static func appendQuoted(millis: Int64, to out: inout [UInt8]) {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        out.append(UInt8(ascii: "\""))
        append(seconds, millis: Int(millis - seconds * 1000), to: &out)
        out.append(UInt8(ascii: "\""))
    }

    private static func append(_ seconds: Int64, millis: Int?, to out: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let date = CivilDate(daysSinceEpoch: Int(days))
        func two(_ value: Int) { out.append(48 + UInt8(value / 10)); out.append(48 + UInt8(value % 10)) }
        if (0...9999).contains(date.year) { two(date.year / 100); two(date.year % 100) } else { out.append(contentsOf: String(date.year).utf8) }
        out.append(UInt8(ascii: "-")); two(date.month); out.append(UInt8(ascii: "-")); two(date.day)
        let second = Int(secondOfDay)
        out.append(UInt8(ascii: "T")); two(second / 3600); out.append(UInt8(ascii: ":")); two(second % 3600 / 60)
        out.append(UInt8(ascii: ":")); two(second % 60)
        if let millis {
            out.append(UInt8(ascii: "."))
            out.append(48 + UInt8(millis / 100)); two(millis % 100)
        }
        out.append(UInt8(ascii: "Z"))
    }
}
