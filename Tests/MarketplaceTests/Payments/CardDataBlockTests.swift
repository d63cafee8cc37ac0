@testable import Marketplace
import MarketplaceFakes
import Testing

struct CardDataBlockTests {
    static let card = CardDetails(number: "1234567890123456", expiry: "1125", cvc: "777", installmentMonths: 3)

    @Test("the plaintext is number|MMYY|cvc")
    func plaintext() {
        #expect(CardDataBlock.plaintext(of: Self.card) == Array("1234567890123456|1125|777".utf8))
    }

    @Test("a sealed card opens to its number, expiry and CVC")
    func roundTrip() throws {
        let block = try CardDataBlock.seal(Self.card, with: FakeCardCipher())
        #expect(Base64.decode(block) != nil)
        #expect(try CardDataBlock.open(block, installmentMonths: 3, with: FakeCardCipher()) == Self.card)
        #expect(try CardDataBlock.open(block, with: FakeCardCipher()).installmentMonths == 0)
    }

    @Test("text that is not base64 or not a sealed card is malformed")
    func malformed() throws {
        #expect(throws: CardCipherError.malformed) { try CardDataBlock.open("not base64", with: FakeCardCipher()) }
        let noSeparators = Base64.encode(try FakeCardCipher().seal(Array("12345".utf8)))
        #expect(throws: CardCipherError.malformed) { try CardDataBlock.open(noSeparators, with: FakeCardCipher()) }
    }

    @Test("the cipher's refusal comes through")
    func refused() {
        #expect(throws: CardCipherError.authenticationFailed) { try CardDataBlock.open("QUJD", with: FakeCardCipher()) }
    }
}

struct CardMessageSealingTests {
    static let card = CardDetails(number: "1234567890123456", expiry: "1125", cvc: "777", installmentMonths: 6)

    static func message(sealing sealed: CardDetails) throws -> CardMessage {
        .payment(managementId: "20261202ABCDEFGHIJKL", card: card, amount: 110_000, vat: 10_000,
                 encryptedCardData: try CardDataBlock.seal(sealed, with: FakeCardCipher()))
    }

    @Test("the sandbox sees the block and the clear fields agree")
    func matches() throws {
        let parsed = try CardMessage(parsing: try Self.message(sealing: Self.card).encoded())
        #expect(try parsed.encryptedCardMatches(with: FakeCardCipher()))
    }

    @Test("a block sealed for another number, expiry or CVC does not match")
    func mismatch() throws {
        for other in [
            CardDetails(number: "1234567890123457", expiry: "1125", cvc: "777", installmentMonths: 6),
            CardDetails(number: "1234567890123456", expiry: "1225", cvc: "777", installmentMonths: 6),
            CardDetails(number: "1234567890123456", expiry: "1125", cvc: "778", installmentMonths: 6),
        ] {
            #expect(try !Self.message(sealing: other).encryptedCardMatches(with: FakeCardCipher()))
        }
    }

    @Test("a block that does not open throws")
    func unopenable() throws {
        var message = try Self.message(sealing: Self.card)
        message.encryptedCardData = "QUJD"
        #expect(throws: CardCipherError.authenticationFailed) { try message.encryptedCardMatches(with: FakeCardCipher()) }
    }
}
