import Marketplace
import Testing

struct MaskedCardTests {
    @Test("masking keeps the first 6 and last 3 digits", arguments: [
        ("1234567890123456", "123456*******456"), ("1234567890", "123456*890"), ("12345678901", "123456**901"),
    ])
    func masks(number: String, masked: String) {
        #expect(MaskedCard.mask(number) == masked)
        #expect(masked.count == number.count)
    }

    @Test("a number too short to be valid is starred out entirely")
    func short() {
        #expect(MaskedCard.mask("123456789") == "*********")
        #expect(MaskedCard.mask("") == "")
    }

    @Test("the card as shown is the masked number and the expiry")
    func shown() {
        let card = CardDetails(number: "1234567890123456", expiry: "1125", cvc: "777", installmentMonths: 3)
        #expect(card.masked == MaskedCard(maskedNumber: "123456*******456", expiry: "1125"))
    }
}
