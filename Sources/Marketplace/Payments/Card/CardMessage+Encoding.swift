extension CardMessage {
    /// The 450 characters to send; they hold the card in clear, so send them, never log or
    /// store them. Throws, naming the field, when a value is too long for
    /// its field (never cut) or breaks its kind: non-digits in a number field, non-ASCII or
    /// control characters anywhere, an id that is not 20 characters, installments other
    /// than 00 and 02–12 (00 on a cancel), a payment with an original id or a cancel
    /// without one, an encrypted block outside the base64 alphabet.
    public func encoded() throws(CardMessageError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.length)
        for field in CardMessageField.allCases {
            bytes += try Self.pad(try value(of: field), in: field)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The unpadded text of `field`, checked against that field's rule.
    private func value(of field: CardMessageField) throws(CardMessageError) -> String {
        switch field {
        case .dataLength: return String(Self.dataLength)
        case .dataKind: return kind.rawValue
        case .managementId: return try Self.checkedID(managementId, field)
        case .cardNumber: return try Self.nonEmpty(card.number, field)
        case .installmentMonths:
            guard Self.allowedInstallments(for: kind).contains(card.installmentMonths) else { throw .invalidValue(field) }
            return String(card.installmentMonths)
        case .expiry: return try Self.nonEmpty(card.expiry, field)
        case .cvc: return try Self.nonEmpty(card.cvc, field)
        case .amount: return try Self.nonNegative(amount, field)
        case .vat: return try Self.nonNegative(vat, field)
        case .originalManagementId:
            switch (kind, originalManagementId) {
            case (.payment, nil): return ""
            case (.cancel, let id?): return try Self.checkedID(id, field)
            default: throw .invalidValue(field)
            }
        case .encryptedCardData:
            if encryptedCardData.utf8.count > field.length { throw .valueTooLong(field) }
            guard !encryptedCardData.isEmpty, encryptedCardData.utf8.allSatisfy(Base64.isAlphabet) else {
                throw .invalidValue(field)
            }
            return encryptedCardData
        case .spare: return ""
        }
    }

    /// `00` (lump sum) or 02–12 on a payment; `00` only on a cancel.
    static func allowedInstallments(for kind: Kind) -> Set<Int> {
        kind == .cancel ? [0] : Set([0] + Array(2...12))
    }

    /// `value` padded to `field.length` the way `field.padding` says.
    static func pad(_ value: String, in field: CardMessageField) throws(CardMessageError) -> [UInt8] {
        let bytes = Array(value.utf8)
        guard bytes.allSatisfy(isPrintableASCII) else { throw .invalidValue(field) }
        if field.padding.isNumeric, !bytes.allSatisfy(isDigit) { throw .invalidValue(field) }
        // Trailing blanks in text could not be told from padding when parsed back.
        if field.padding == .text, bytes.last == space { throw .invalidValue(field) }
        if bytes.count > field.length { throw .valueTooLong(field) }
        let fill = [UInt8](repeating: field.padding == .num0 ? UInt8(ascii: "0") : space, count: field.length - bytes.count)
        switch field.padding {
        case .num, .num0: return fill + bytes
        case .numL, .text: return bytes + fill
        }
    }

    private static func checkedID(_ id: String, _ field: CardMessageField) throws(CardMessageError) -> String {
        if id.utf8.count > field.length { throw .valueTooLong(field) }
        guard isID(Array(id.utf8)) else { throw .invalidValue(field) }
        return id
    }

    private static func nonEmpty(_ digits: String, _ field: CardMessageField) throws(CardMessageError) -> String {
        guard !digits.isEmpty else { throw .invalidValue(field) }
        return digits
    }

    private static func nonNegative(_ number: Int64, _ field: CardMessageField) throws(CardMessageError) -> String {
        guard number >= 0 else { throw .invalidValue(field) }
        return String(number)
    }

    /// 20 printable ASCII characters without blanks.
    static func isID(_ bytes: [UInt8]) -> Bool {
        bytes.count == ManagementID.length && bytes.allSatisfy { isPrintableASCII($0) && $0 != space }
    }

    static let space = UInt8(ascii: " ")
    static func isPrintableASCII(_ byte: UInt8) -> Bool { (0x20...0x7E).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
