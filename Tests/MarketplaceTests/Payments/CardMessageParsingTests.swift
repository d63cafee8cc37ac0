@testable import Marketplace
import Testing

/// The parser the sandbox card company reads messages with.
struct CardMessageParsingTests {
    static let example = CardMessageTests.payment()

    static func encodedExample() throws -> [Character] { Array(try example.encoded()) }

    /// The example with `replacement` written over 1-based `columns`.
    static func altered(_ columns: ClosedRange<Int>, _ replacement: String) throws -> String {
        var text = try encodedExample()
        precondition(replacement.count == columns.count)
        text.replaceSubrange((columns.lowerBound - 1)..<columns.upperBound, with: Array(replacement))
        return String(text)
    }

    @Test("a built payment parses back to the same message")
    func roundTripPayment() throws {
        let parsed = try CardMessage(parsing: try Self.example.encoded())
        #expect(parsed == Self.example)
        #expect(parsed.originalManagementId == nil)
        #expect(parsed.card == CardDetails(number: "1234567890123456", expiry: "1125", cvc: "777", installmentMonths: 0))
    }

    @Test("a built cancel parses back to the same message")
    func roundTripCancel() throws {
        let cancel = CardMessageTests.cancel(amount: 50_000, vat: 4545)
        let parsed = try CardMessage(parsing: try cancel.encoded())
        #expect(parsed == cancel)
        #expect(parsed.kind == .cancel)
        #expect(parsed.originalManagementId == CardMessageTests.paymentID)
    }

    @Test("round trips over many amounts, installments and card lengths")
    func manyRoundTrips() throws {
        for (index, amount) in [Int64(0), 1, 9, 10, 99, 100, 110_000, 999_999_999, 1_000_000_000, 9_999_999_999].enumerated() {
            for length in 10...16 {
                let card = CardDetails(number: String(String(repeating: "4", count: length).prefix(length)), expiry: "0\(index % 9 + 1)30",
                                       cvc: "0\(index)1".suffix(3).description, installmentMonths: [0, 2, 7, 12][index % 4])
                let message = CardMessageTests.payment(card: card, amount: amount, vat: VAT.included(in: amount))
                #expect(try CardMessage(parsing: try message.encoded()) == message)
            }
        }
    }

    @Test("the length must be exactly 450", arguments: [0, 449, 451, 900])
    func wrongLength(length: Int) throws {
        let base = try Self.example.encoded()
        let text = length <= 450 ? String(base.prefix(length)) : base + String(repeating: " ", count: length - 450)
        #expect(throws: CardMessageError.wrongLength(length)) { try CardMessage(parsing: text) }
    }

    @Test("non-ASCII or control characters are refused, even at 450 characters")
    func notASCII() throws {
        #expect(throws: CardMessageError.notPrintableASCII) { try CardMessage(parsing: try Self.altered(450...450, "é")) }
        #expect(throws: CardMessageError.notPrintableASCII) { try CardMessage(parsing: try Self.altered(450...450, "\n")) }
        #expect(throws: CardMessageError.notPrintableASCII) { try CardMessage(parsing: try Self.example.encoded() + "\r\n") }
        #expect(throws: CardMessageError.notPrintableASCII) { try CardMessage(parsing: try Self.altered(1...1, "\u{0}")) }
    }

    @Test("each field's layout is checked", arguments: [
        (1...4, "0446", CardMessageField.dataLength), (1...4, "446 ", .dataLength), (1...4, " 445", .dataLength),
        (5...14, "REFUND    ", .dataKind), (5...14, " PAYMENT  ", .dataKind), (5...14, "payment   ", .dataKind),
        (15...34, "                    ", .managementId), (15...34, "20261202PAY0000 0001", .managementId),
        (15...34, "20261202PAY00000001 ", .managementId),
        (35...54, " 234567890123456    ", .cardNumber), (35...54, "1234567890123456   1", .cardNumber),
        (35...54, "12345678 0123456    ", .cardNumber), (35...54, "                    ", .cardNumber),
        (35...54, "123456789012345A    ", .cardNumber),
        (55...56, "01", .installmentMonths), (55...56, "13", .installmentMonths), (55...56, " 0", .installmentMonths),
        (57...60, " 125", .expiry), (57...60, "    ", .expiry), (57...60, "11a5", .expiry),
        (61...63, " 77", .cvc), (61...63, "7 7", .cvc),
        (64...73, "0000110000", .amount), (64...73, "110000    ", .amount), (64...73, "          ", .amount),
        (64...73, "   -110000", .amount), (64...73, "   110 000", .amount),
        (74...83, "     10000", .vat), (74...83, "000001000-", .vat),
        (84...103, "20261202CAN000000002", .originalManagementId),
        (104...107, "    ", .encryptedCardData), (104...107, "Q!JD", .encryptedCardData),
        (404...404, "X", .spare), (450...450, "X", .spare),
    ])
    func layoutErrors(columns: ClosedRange<Int>, replacement: String, field: CardMessageField) throws {
        let text = try Self.altered(columns, replacement)
        #expect(throws: CardMessageError.invalidValue(field)) { try CardMessage(parsing: text) }
    }

    @Test("an empty encrypted block is refused")
    func emptyBlock() throws {
        let text = try Self.altered(104...403, String(repeating: " ", count: 300))
        #expect(throws: CardMessageError.invalidValue(.encryptedCardData)) { try CardMessage(parsing: text) }
    }

    @Test("a cancel needs an original id and 00 installments")
    func cancelRules() throws {
        var text = Array(try CardMessageTests.cancel().encoded())
        text.replaceSubrange(83..<103, with: Array(String(repeating: " ", count: 20)))
        #expect(throws: CardMessageError.invalidValue(.originalManagementId)) { try CardMessage(parsing: String(text)) }
        text = Array(try CardMessageTests.cancel().encoded())
        text.replaceSubrange(54..<56, with: Array("03"))
        #expect(throws: CardMessageError.invalidValue(.installmentMonths)) { try CardMessage(parsing: String(text)) }
    }

    @Test("the parser leaves card rules to CardRules: a 2-digit CVC and a past expiry parse")
    func cardRulesSeparate() throws {
        var card = CardMessageTests.card
        card.cvc = "12"
        let parsed = try CardMessage(parsing: try CardMessageTests.payment(card: card).encoded())
        #expect(parsed.card.cvc == "12")
        #expect(CardRules.issues(for: parsed.card, now: CardRulesTests.now).map(\.field) == ["expiry", "cvc"])
    }

    @Test("every single-character corruption either parses to a different message or is refused")
    func everyColumn() throws {
        let original = try Self.example.encoded()
        let characters = Array(original)
        for index in characters.indices {
            for replacement in ["X", "0", " ", "9", "="] where Character(replacement) != characters[index] {
                var copy = characters
                copy[index] = Character(replacement)
                if let parsed = try? CardMessage(parsing: String(copy)) {
                    #expect(parsed != Self.example || String(copy) == original)
                    #expect(try parsed.encoded() == String(copy), "column \(index + 1) does not round-trip")
                }
            }
        }
    }
}
