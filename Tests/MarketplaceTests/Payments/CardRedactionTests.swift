import Marketplace
import Testing

struct CardRedactionTests {
    static let card = CardDetails(number: "9876543210123456", expiry: "0931", cvc: "852", installmentMonths: 3)
    static let secrets = ["9876543210123456", "0931", "852", "4321012"]

    static func expectRedacted(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets { #expect(!text.contains(secret), "leaks \(secret)", sourceLocation: sourceLocation) }
    }

    @Test("CardDetails prints only the masked number, however it is printed")
    func cardDetails() {
        let card = Self.card
        Self.expectRedacted(card.description)
        Self.expectRedacted(card.debugDescription)
        Self.expectRedacted("\(card)")
        Self.expectRedacted(String(reflecting: card))
        var dumped = ""
        dump(card, to: &dumped)
        Self.expectRedacted(dumped)
        #expect(card.description.contains("987654*******456"))
        #expect(card.description.contains("installmentMonths: 3"))
    }

    @Test("a payment proof or an array holding a card does not leak it")
    func containers() {
        let proof = PaymentProof.card(Self.card, managementId: "20261202ABCDEFGHIJKL")
        Self.expectRedacted("\(proof)")
        Self.expectRedacted(String(reflecting: proof))
        Self.expectRedacted("\([Self.card])")
        Self.expectRedacted("\(Optional(Self.card) as Any)")
        var dumped = ""
        dump(proof, to: &dumped)
        Self.expectRedacted(dumped)
    }

    @Test("a card message prints ids and amounts, not the card")
    func message() throws {
        let message = CardMessage.payment(managementId: "20261202ABCDEFGHIJKL", card: Self.card, amount: 110_000, vat: 10_000,
                                          encryptedCardData: "QUJD")
        Self.expectRedacted("\(message)")
        Self.expectRedacted(String(reflecting: message))
        var dumped = ""
        dump(message, to: &dumped)
        Self.expectRedacted(dumped)
        #expect("\(message)".contains("20261202ABCDEFGHIJKL"))
        #expect("\(message)".contains("110000"))
    }
}
