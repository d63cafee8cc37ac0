/// The 12 fields of the 450-character message, in order, with their padding and width.
/// The table is the spec; builder and parser both walk it.
public enum CardMessageField: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Columns 1–4: the length of the rest, `_446`.
    case dataLength
    /// Columns 5–14: `PAYMENT` or `CANCEL`.
    case dataKind
    /// Columns 15–34: this transaction's own id.
    case managementId
    /// Columns 35–54: 10–16 digits.
    case cardNumber
    /// Columns 55–56: `00` or `02`–`12`.
    case installmentMonths
    /// Columns 57–60: MMYY.
    case expiry
    /// Columns 61–63.
    case cvc
    /// Columns 64–73: the amount, KRW.
    case amount
    /// Columns 74–83: the VAT, KRW.
    case vat
    /// Columns 84–103: the payment's id on a cancel, blank on a payment.
    case originalManagementId
    /// Columns 104–403: base64 of the sealed `number|MMYY|cvc`.
    case encryptedCardData
    /// Columns 404–450: blanks.
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

    /// The field's name.
    public var description: String { rawValue }
}
