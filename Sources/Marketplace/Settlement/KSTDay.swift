/// A calendar day in Korea (UTC+9, no daylight saving): the unit of settlement dates
/// (docs/API.md §11: `until`, `from`, `to` are `YYYY-MM-DD` in KST).
public struct KSTDay: Sendable, Equatable {
    /// Days since 1970-01-01 (KST).
    public let daysSinceEpoch: Int

    public static let offset: Double = 9 * 3600

    /// Parses `YYYY-MM-DD` (a real date, years 2000–2999); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (2000...2999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        // H. Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = era * 146_097 + dayOfEra - 719_468
    }

    /// The KST day holding `unixSeconds`.
    public init(containing unixSeconds: Double) {
        daysSinceEpoch = Int(((unixSeconds + Self.offset) / 86_400).rounded(.down))
    }

    /// 00:00 KST of this day, in Unix seconds.
    public var start: Double { Double(daysSinceEpoch) * 86_400 - Self.offset }
    /// 00:00 KST of the next day: the exclusive end of this one.
    public var end: Double { start + 86_400 }
}
