/// What the API may show of a card (`payment.card`): the masked number and the expiry.
/// Make it with `card.masked` right after validation; it is safe to store, log and return.
public struct MaskedCard: Sendable, Equatable, Codable {
    /// First 6 and last 3 digits, `*` between: `123456*******456`.
    public var maskedNumber: String
    /// MMYY, as the customer typed it.
    public var expiry: String

    /// Wraps already-masked values; `CardDetails.masked` makes them from a card.
    public init(maskedNumber: String, expiry: String) {
        self.maskedNumber = maskedNumber
        self.expiry = expiry
    }

    /// `number` with all but its first 6 and last 3 characters replaced by `*`. Anything
    /// shorter than 10 characters (never a valid number) is starred out entirely, so that a
    /// masked value never shows more than 9 of a card's digits or most of a short one.
    public static func mask(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count >= CardRules.numberLengths.lowerBound else {
            return String(repeating: "*", count: characters.count)
        }
        return String(characters.prefix(6)) + String(repeating: "*", count: characters.count - 9)
            + String(characters.suffix(3))
    }
}

extension CardDetails {
    /// The number and expiry as the API shows them.
    public var masked: MaskedCard { MaskedCard(maskedNumber: MaskedCard.mask(number), expiry: expiry) }
}
