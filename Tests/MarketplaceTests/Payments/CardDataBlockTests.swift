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

struct Base64Tests {
    @Test("standard base64 matches RFC 4648's vectors, with padding", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("+ and / are the last two letters")
    func alphabet() {
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test("decoding is strict", arguments: ["Zg", "Zg=", "Z===", "Zh==", "Zm9=", "Zg==Zg==", "Zm9v\n", "Zm 9v", "Zm9-", "=Zg="])
    func strict(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("every byte string up to 40 bytes round-trips")
    func roundTrips() {
        var generator = ManagementIDTests.SeededGenerator(state: 3)
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }
}
