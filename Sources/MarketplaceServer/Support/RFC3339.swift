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

    /// Appends `"YYYY-MM-DDTHH:MM:SSZ"` (quotes included) for whole Unix seconds: the same
    /// text as `format`, computed with the proleptic Gregorian civil-from-days algorithm
    /// (H. Hinnant) instead of `gmtime_r` and strings, for hot JSON responses.
    static func appendQuoted(_ seconds: Int64, to out: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) { out.append(48 + UInt8(value / 10)); out.append(48 + UInt8(value % 10)) }
        out.append(UInt8(ascii: "\""))
        if (0...9999).contains(year) { two(year / 100); two(year % 100) } else { out.append(contentsOf: String(year).utf8) }
        out.append(UInt8(ascii: "-")); two(month); out.append(UInt8(ascii: "-")); two(day)
        out.append(UInt8(ascii: "T")); two(secondOfDay / 3600); out.append(UInt8(ascii: ":")); two(secondOfDay % 3600 / 60)
        out.append(UInt8(ascii: ":")); two(secondOfDay % 60); out.append(UInt8(ascii: "Z")); out.append(UInt8(ascii: "\""))
    }
}
