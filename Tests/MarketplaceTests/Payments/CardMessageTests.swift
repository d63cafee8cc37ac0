@testable import Marketplace
import Testing

/// The message builder against docs/CARD_MESSAGE.md.
struct CardMessageTests {
    static let paymentID = "20261202PAY000000001"
    static let cancelID = "20261202CAN000000002"
    static let block = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OQ=="
    static let card = CardDetails(number: "1234567890123456", expiry: "1125", cvc: "777", installmentMonths: 0)

    static func payment(card: CardDetails = card, amount: Int64 = 110_000, vat: Int64 = 10_000,
                        block: String = block) -> CardMessage {
        .payment(managementId: paymentID, card: card, amount: amount, vat: vat, encryptedCardData: block)
    }

    static func cancel(card: CardDetails = card, amount: Int64 = 110_000, vat: Int64 = 10_000) -> CardMessage {
        .cancel(managementId: cancelID, originalManagementId: paymentID, card: card, amount: amount, vat: vat,
                encryptedCardData: block)
    }

    static func blanks(_ count: Int) -> String { String(repeating: " ", count: count) }

    @Test("the layout table is the spec's: kinds, lengths and 1-based columns", arguments: [
        (CardMessageField.dataLength, CardFieldPadding.num, 4, 1...4),
        (.dataKind, .text, 10, 5...14),
        (.managementId, .text, 20, 15...34),
        (.cardNumber, .numL, 20, 35...54),
        (.installmentMonths, .num0, 2, 55...56),
        (.expiry, .numL, 4, 57...60),
        (.cvc, .numL, 3, 61...63),
        (.amount, .num, 10, 64...73),
        (.vat, .num0, 10, 74...83),
        (.originalManagementId, .text, 20, 84...103),
        (.encryptedCardData, .text, 300, 104...403),
        (.spare, .text, 47, 404...450),
    ])
    func layout(field: CardMessageField, padding: CardFieldPadding, length: Int, columns: ClosedRange<Int>) {
        #expect(field.padding == padding)
        #expect(field.length == length)
        #expect(field.columns == columns)
    }

    @Test("the fields cover 450 columns with no gap")
    func coverage() {
        #expect(CardMessageField.allCases.map(\.length).reduce(0, +) == 450)
        #expect(CardMessageField.allCases.first?.columns.lowerBound == 1)
        #expect(CardMessageField.allCases.last?.columns.upperBound == 450)
        #expect(CardMessage.dataLength == 446)
    }

    @Test("the padding kinds pad as the spec shows", arguments: [
        (CardMessageField.dataLength, "3", "   3"), (.vat, "3", "0000000003"), (.expiry, "3", "3   "),
        (.dataKind, "HOM", "HOM       "), (.dataLength, "1234", "1234"), (.installmentMonths, "0", "00"),
    ])
    func paddingKinds(field: CardMessageField, value: String, padded: String) throws {
        #expect(try CardMessage.pad(value, in: field) == Array(padded.utf8))
    }

    @Test("HOMEWORK in 10 is HOMEWORK and two blanks")
    func homework() throws {
        #expect(try CardMessage.pad("HOMEWORK", in: .dataKind) == Array("HOMEWORK  ".utf8))
    }

    @Test("the spec's example, byte for byte")
    func example() throws {
        let expected = " 446" + "PAYMENT   " + Self.paymentID + "1234567890123456    " + "00" + "1125" + "777"
            + "    110000" + "0000010000" + Self.blanks(20) + Self.block + Self.blanks(300 - Self.block.count) + Self.blanks(47)
        let encoded = try Self.payment().encoded()
        #expect(encoded == expected)
        #expect(encoded.count == 450 && encoded.utf8.count == 450)
        #expect(encoded.hasPrefix(" 446PAYMENT   "))
    }

    @Test("its full cancel: CANCEL, the cancel's own id, the payment's id in the original-id field")
    func exampleCancel() throws {
        let payment = Array(try Self.payment().encoded())
        let cancel = Array(try Self.cancel().encoded())
        #expect(String(cancel[4..<14]) == "CANCEL    ")
        #expect(String(cancel[14..<34]) == Self.cancelID)
        #expect(String(cancel[83..<103]) == Self.paymentID)
        // Everything else is the same as the payment's.
        #expect(cancel[0..<4] == payment[0..<4])
        #expect(cancel[34..<83] == payment[34..<83])
        #expect(cancel[103...] == payment[103...])
    }

    @Test("installments: 00 lump sum, 02–12 zero-padded; a 1-month plan is sent as a lump sum", arguments: [
        (0, "00"), (1, "00"), (2, "02"), (9, "09"), (12, "12"),
    ])
    func installments(months: Int, field: String) throws {
        var card = Self.card
        card.installmentMonths = months
        let message = Self.payment(card: card)
        #expect(String(Array(try message.encoded())[54..<56]) == field)
    }

    @Test("a cancel always says 00, whatever the payment's installments")
    func cancelInstallments() throws {
        var card = Self.card
        card.installmentMonths = 6
        #expect(Array(try Self.cancel(card: card).encoded())[54..<56] == ["0", "0"])
    }

    @Test("installments outside 00 and 02–12, or on a cancel, are refused")
    func badInstallments() {
        for months in [-1, 1, 13, 99, 100] {
            var message = Self.payment()
            message.card.installmentMonths = months
            #expect(throws: CardMessageError.invalidValue(.installmentMonths)) { try message.encoded() }
        }
        var cancel = Self.cancel()
        cancel.card.installmentMonths = 3
        #expect(throws: CardMessageError.invalidValue(.installmentMonths)) { try cancel.encoded() }
    }

    @Test("short card numbers, expiries and CVCs are left-aligned; amounts right-aligned")
    func alignment() throws {
        let card = CardDetails(number: "1234567890", expiry: "0130", cvc: "12", installmentMonths: 0)
        let text = Array(try Self.payment(card: card, amount: 100, vat: 9).encoded())
        #expect(String(text[34..<54]) == "1234567890" + Self.blanks(10))
        #expect(String(text[60..<63]) == "12 ")
        #expect(String(text[63..<73]) == "       100")
        #expect(String(text[73..<83]) == "0000000009")
    }

    @Test("the largest values that fit, and zero")
    func limits() throws {
        let card = CardDetails(number: String(repeating: "9", count: 20), expiry: "1299", cvc: "999", installmentMonths: 12)
        let text = Array(try Self.payment(card: card, amount: 9_999_999_999, vat: 9_999_999_999,
                                          block: String(repeating: "A", count: 300)).encoded())
        #expect(text.count == 450)
        #expect(String(text[63..<73]) == "9999999999")
        #expect(String(text[73..<83]) == "9999999999")
        #expect(String(text[103..<403]) == String(repeating: "A", count: 300))
        let zero = Array(try Self.payment(amount: 0, vat: 0).encoded())
        #expect(String(zero[63..<83]) == "         00000000000")
    }

    @Test("overlong values are refused with the field named, never cut")
    func overlong() {
        var card = Self.card
        card.number = String(repeating: "1", count: 21)
        #expect(throws: CardMessageError.valueTooLong(.cardNumber)) { try Self.payment(card: card).encoded() }
        card = Self.card
        card.expiry = "11250"
        #expect(throws: CardMessageError.valueTooLong(.expiry)) { try Self.payment(card: card).encoded() }
        card = Self.card
        card.cvc = "7777"
        #expect(throws: CardMessageError.valueTooLong(.cvc)) { try Self.payment(card: card).encoded() }
        #expect(throws: CardMessageError.valueTooLong(.amount)) { try Self.payment(amount: 10_000_000_000).encoded() }
        #expect(throws: CardMessageError.valueTooLong(.vat)) { try Self.payment(vat: 10_000_000_000).encoded() }
        #expect(throws: CardMessageError.valueTooLong(.encryptedCardData)) {
            try Self.payment(block: String(repeating: "A", count: 301)).encoded()
        }
        var message = Self.payment()
        message.managementId += "X"
        #expect(throws: CardMessageError.valueTooLong(.managementId)) { try message.encoded() }
        message = Self.cancel()
        message.originalManagementId! += "X"
        #expect(throws: CardMessageError.valueTooLong(.originalManagementId)) { try message.encoded() }
    }

    @Test("number fields take ASCII digits only", arguments: [
        "1234 567890", "1234-5678-90", "12345678９0", "", "+123456789", "12345678901234５6",
    ])
    func nonDigitNumbers(number: String) {
        var card = Self.card
        card.number = number
        #expect(throws: CardMessageError.invalidValue(.cardNumber)) { try Self.payment(card: card).encoded() }
    }

    @Test("negative amounts and VAT are refused")
    func negatives() {
        #expect(throws: CardMessageError.invalidValue(.amount)) { try Self.payment(amount: -1).encoded() }
        #expect(throws: CardMessageError.invalidValue(.vat)) { try Self.payment(vat: -1).encoded() }
    }

    @Test("non-ASCII, control characters and blanks are refused in text fields", arguments: [
        "20261202PAY00000000É", "20261202PAY0000000\t1", "20261202PAY 00000001", "2026120２PAY00000001",
        "20261202PAY0000001", "",
    ])
    func badIDs(id: String) {
        var message = Self.payment()
        message.managementId = id
        #expect(throws: CardMessageError.self) { try message.encoded() }
        #expect((try? message.encoded()) == nil)
    }

    @Test("an id of the wrong length is named: too long or invalid")
    func idLengths() {
        var message = Self.payment()
        message.managementId = "SHORT"
        #expect(throws: CardMessageError.invalidValue(.managementId)) { try message.encoded() }
    }

    @Test("a payment has no original id; a cancel must have one")
    func originalID() {
        var payment = Self.payment()
        payment.originalManagementId = Self.cancelID
        #expect(throws: CardMessageError.invalidValue(.originalManagementId)) { try payment.encoded() }
        var cancel = Self.cancel()
        cancel.originalManagementId = nil
        #expect(throws: CardMessageError.invalidValue(.originalManagementId)) { try cancel.encoded() }
    }

    @Test("the encrypted block is non-empty base64", arguments: ["", "not base64!", "QUJD\n", "QUJD RA==", "한글"])
    func badBlocks(block: String) {
        #expect(throws: CardMessageError.self) { try Self.payment(block: block).encoded() }
    }

    @Test("errors name the field and never carry the value")
    func errorsRedact() {
        var card = Self.card
        card.number = "98765432109876543210123"
        do {
            _ = try Self.payment(card: card).encoded()
            Issue.record("should have thrown")
        } catch {
            #expect(error == .valueTooLong(.cardNumber))
            #expect(!"\(error)".contains("98765432109876543210123"))
            #expect("\(error)".contains("cardNumber"))
            #expect(error.code == "FIELD_TOO_LONG")
        }
    }
}
