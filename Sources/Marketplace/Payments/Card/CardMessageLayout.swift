/// How a fixed-width field is filled (CARD_MESSAGE.md, "Padding kinds").
public enum CardFieldPadding: Sendable, Equatable {
    /// Right-aligned, space-padded digits: 3 in 4 → `   3`.
    case num
    /// Right-aligned, zero-padded digits: 3 in 4 → `0003`.
    case num0
    /// Left-aligned, space-padded digits: 3 in 4 → `3   `.
    case numL
    /// Left-aligned, space-padded printable ASCII.
    case text

    /// Whether the kind holds digits only.
    var isNumeric: Bool { self != .text }
}

/// The 12 fields of the 450-character message, in order, with their padding and width.
/// The table is the spec; builder and parser both walk it.
public enum CardMessageField: String, Sendable, CaseIterable, CustomStringConvertible {
    case dataLength
    case dataKind
    case managementId
    case cardNumber
    case installmentMonths
    case expiry
    case cvc
    case amount
    case vat
    case originalManagementId
    case encryptedCardData
    case spare

    /// How the field is padded.
    public var padding: CardFieldPadding {
        switch self {
        case .dataLength, .amount: .num
        case .installmentMonths, .vat: .num0
        case .cardNumber, .expiry, .cvc: .numL
        case .dataKind, .managementId, .originalManagementId, .encryptedCardData, .spare: .text
        }
    }

    /// Its width in characters.
    public var length: Int {
        switch self {
        case .dataLength, .expiry: 4
        case .dataKind, .amount, .vat: 10
        case .managementId, .cardNumber, .originalManagementId: 20
        case .installmentMonths: 2
        case .cvc: 3
        case .encryptedCardData: 300
        case .spare: 47
        }
    }

    /// Its 1-based, inclusive columns, as the spec's table gives them.
    public var columns: ClosedRange<Int> {
        let start = Self.allCases.prefix(while: { $0 != self }).reduce(1) { $0 + $1.length }
        return start...(start + length - 1)
    }

    public var description: String { rawValue }
}
