/// A card company transaction's own 20-character id (docs/CARD_MESSAGE.md, "management id"):
/// `YYYYMMDD` (UTC) then 12 random characters of `0-9A-Z` (~62 bits), e.g.
/// `20261202K7Q2M9X0ZP4A`. Make one per PAYMENT and per CANCEL message with
/// `ManagementID.make(at: clock.now())`; it becomes `payment.tid` / the cancel's `tid`.
public struct ManagementID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Characters in every id.
    public static let length = 20
    /// Characters after the date.
    static let randomLength = 12
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// The 20 characters.
    public let rawValue: String

    /// Accepts exactly 20 characters of `0-9A-Z`: ids this server made.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == Self.length, rawValue.utf8.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        self.rawValue = rawValue
    }

    /// A fresh id for a message sent at `time` (Unix seconds), from the system's CSPRNG.
    public static func make(at time: Double) -> ManagementID {
        var generator = SystemRandomNumberGenerator()
        return make(at: time, using: &generator)
    }

    /// A fresh id drawn from `generator`; tests pass a seeded one.
    public static func make(at time: Double, using generator: inout some RandomNumberGenerator) -> ManagementID {
        let date = CivilDate(unixSeconds: time)
        var text = digits(date.year % 10_000, 4) + digits(date.month, 2) + digits(date.day, 2)
        for _ in 0..<randomLength {
            text.unicodeScalars.append(Unicode.Scalar(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]))
        }
        // Four-digit year, two-digit month and day, and the alphabet guarantee the format.
        return ManagementID(rawValue: text)!
    }

    /// The id itself: it is not secret.
    public var description: String { rawValue }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
