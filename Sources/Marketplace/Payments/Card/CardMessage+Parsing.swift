extension CardMessage {
    /// Reads a message back, checking what a card company checks before it looks at the
    /// card: exactly 450 printable ASCII characters; `_446`; a known data kind; each field
    /// padded the way its kind says (digits only in number fields, aligned to the right
    /// side, no leading zeros in `num` fields, nothing but blanks in padding and spare); ids
    /// of 20 characters, the original id blank on a payment and present on a cancel;
    /// installments `00` or 02–12 (`00` on a cancel); a base64 encrypted block.
    /// Card rules (lengths, expiry in the past) are `CardRules`' job, not the parser's.
    public init(parsing message: String) throws(CardMessageError) {
        let bytes = Array(message.utf8)
        guard bytes.allSatisfy(Self.isPrintableASCII) else { throw .notPrintableASCII }
        guard bytes.count == Self.length else { throw .wrongLength(bytes.count) }
        var fields: [CardMessageField: [UInt8]] = [:]
        for field in CardMessageField.allCases {
            fields[field] = Array(bytes[(field.columns.lowerBound - 1)..<field.columns.upperBound])
        }
        func value(_ field: CardMessageField) throws(CardMessageError) -> String {
            try Self.unpad(fields[field] ?? [], field)
        }

        guard try value(.dataLength) == String(Self.dataLength) else { throw .invalidValue(.dataLength) }
        guard let kind = Kind(rawValue: try value(.dataKind)) else { throw .invalidValue(.dataKind) }
        let managementId = try value(.managementId)
        guard Self.isID(Array(managementId.utf8)) else { throw .invalidValue(.managementId) }
        let original = try value(.originalManagementId)
        switch kind {
        case .payment: guard original.isEmpty else { throw .invalidValue(.originalManagementId) }
        case .cancel: guard Self.isID(Array(original.utf8)) else { throw .invalidValue(.originalManagementId) }
        }
        guard let installments = Int(try value(.installmentMonths)),
              Self.allowedInstallments(for: kind).contains(installments)
        else { throw .invalidValue(.installmentMonths) }
        let encrypted = try value(.encryptedCardData)
        guard !encrypted.isEmpty, encrypted.utf8.allSatisfy(Base64.isAlphabet) else { throw .invalidValue(.encryptedCardData) }
        guard try value(.spare).isEmpty else { throw .invalidValue(.spare) }
        // At most 10 digits each, so they always fit an Int64.
        guard let amount = Int64(try value(.amount)) else { throw .invalidValue(.amount) }
        guard let vat = Int64(try value(.vat)) else { throw .invalidValue(.vat) }

        self.init(kind: kind, managementId: managementId,
                  card: CardDetails(number: try value(.cardNumber), expiry: try value(.expiry), cvc: try value(.cvc),
                                    installmentMonths: installments),
                  amount: amount, vat: vat, originalManagementId: kind == .cancel ? original : nil,
                  encryptedCardData: encrypted)
    }

    /// The value inside a padded field, or `.invalidValue` when the padding is wrong.
    static func unpad(_ bytes: [UInt8], _ field: CardMessageField) throws(CardMessageError) -> String {
        let value: ArraySlice<UInt8>
        switch field.padding {
        case .num:
            value = bytes.drop(while: { $0 == space })
            guard !value.isEmpty, value.allSatisfy(isDigit), value.first != UInt8(ascii: "0") || value.count == 1 else {
                throw .invalidValue(field)
            }
        case .num0:
            value = bytes[...]
            guard value.allSatisfy(isDigit) else { throw .invalidValue(field) }
        case .numL:
            let digits = bytes.prefix(while: isDigit)
            guard !digits.isEmpty, bytes.dropFirst(digits.count).allSatisfy({ $0 == space }) else { throw .invalidValue(field) }
            value = digits
        case .text:
            let end = bytes.lastIndex(where: { $0 != space }).map { $0 + 1 } ?? 0
            value = bytes[..<end]
        }
        return String(decoding: value, as: UTF8.self)
    }
}
