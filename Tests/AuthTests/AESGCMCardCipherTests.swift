@testable import Auth
import Marketplace
import Testing

struct AESGCMCardCipherTests {
    static let key = (0..<32).map { UInt8($0) }

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    // MARK: Known answers

    @Test("HMAC-SHA256 matches RFC 4231", arguments: [
        // Test case 1.
        (String(repeating: "0b", count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        // Test case 2.
        ("4a656665", Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        // Test case 6: a key longer than the block size.
        (String(repeating: "aa", count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmac(keyHex: String, data: [UInt8], expected: String) {
        #expect(Hex.encode(LibCrypto.hmacSHA256(key: Self.bytes(keyHex), data: data)) == expected)
    }

    @Test("AES-256-GCM matches McGrew–Viega test cases 13, 14 and 15", arguments: [
        (String(repeating: "00", count: 32), String(repeating: "00", count: 12), "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
        (String(repeating: "00", count: 32), String(repeating: "00", count: 12), String(repeating: "00", count: 16),
         "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
        ("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
         "b094dac5d93471bdec1a502270e3cc6c"),
    ])
    func aesGCM(keyHex: String, nonceHex: String, plaintextHex: String, ciphertextHex: String, tagHex: String) throws {
        let nonce = Self.bytes(nonceHex)
        let cipher = try AESGCMCardCipher(key: Self.bytes(keyHex), makeNonce: { nonce })
        let sealed = try cipher.seal(Self.bytes(plaintextHex))
        #expect(Hex.encode(sealed) == nonceHex + ciphertextHex + tagHex)
        #expect(try cipher.open(sealed) == Self.bytes(plaintextHex))
    }

    // MARK: Behaviour

    @Test("sealed data opens to the plaintext, for lengths 0 to 100")
    func roundTrip() throws {
        let cipher = try AESGCMCardCipher(key: Self.key)
        for length in 0...100 {
            let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let sealed = try cipher.seal(plaintext)
            #expect(sealed.count == 12 + length + 16)
            #expect(try cipher.open(sealed) == plaintext)
        }
    }

    @Test("the layout is nonce ‖ ciphertext ‖ tag and the plaintext does not show")
    func layout() throws {
        let plaintext = Array("1234567890123456|1125|777".utf8)
        let sealed = try AESGCMCardCipher(key: Self.key).seal(plaintext)
        #expect(sealed.count == 12 + plaintext.count + 16)
        #expect(Array(sealed[12..<(12 + plaintext.count)]) != plaintext)
    }

    @Test("flipping any single bit makes opening fail")
    func tamper() throws {
        let cipher = try AESGCMCardCipher(key: Self.key)
        let sealed = try cipher.seal(Array("1234567890123456|1125|777".utf8))
        for index in sealed.indices {
            for bit in 0..<8 {
                var altered = sealed
                altered[index] ^= UInt8(1 << bit)
                #expect(throws: CardCipherError.authenticationFailed) { try cipher.open(altered) }
            }
        }
    }

    @Test("truncated, extended or too-short data is refused")
    func truncated() throws {
        let cipher = try AESGCMCardCipher(key: Self.key)
        let sealed = try cipher.seal(Array("hello".utf8))
        #expect(throws: CardCipherError.authenticationFailed) { try cipher.open(Array(sealed.dropLast())) }
        #expect(throws: CardCipherError.authenticationFailed) { try cipher.open(sealed + [0]) }
        #expect(throws: CardCipherError.malformed) { try cipher.open(Array(sealed.prefix(27))) }
        #expect(throws: CardCipherError.malformed) { try cipher.open([]) }
    }

    @Test("another key cannot open it")
    func wrongKey() throws {
        let sealed = try AESGCMCardCipher(key: Self.key).seal(Array("1234567890123456|1125|777".utf8))
        var otherKey = Self.key
        otherKey[31] ^= 1
        #expect(throws: CardCipherError.authenticationFailed) { try AESGCMCardCipher(key: otherKey).open(sealed) }
    }

    @Test("every seal draws a fresh nonce")
    func nonces() throws {
        let cipher = try AESGCMCardCipher(key: Self.key)
        let plaintext = Array("1234567890123456|1125|777".utf8)
        let sealed = try (0..<1000).map { _ in try cipher.seal(plaintext) }
        #expect(Set(sealed.map { Array($0.prefix(12)) }).count == 1000)
        #expect(Set(sealed).count == 1000)
    }

    @Test("the key must be exactly 32 bytes", arguments: [0, 16, 24, 31, 33, 64])
    func keyLength(length: Int) {
        #expect(throws: CardCipherError.invalidKeyLength(length)) { try AESGCMCardCipher(key: [UInt8](repeating: 1, count: length)) }
    }

    @Test("fingerprints are keyed HMAC-SHA256 under a key derived from, but not equal to, the encryption key")
    func fingerprints() throws {
        let cipher = try AESGCMCardCipher(key: Self.key)
        let fingerprint = cipher.fingerprint(cardNumber: "1234567890123456")
        let derived = LibCrypto.hmacSHA256(key: Self.key, data: Array("marketplace card fingerprint v1".utf8))
        #expect(fingerprint == Hex.encode(LibCrypto.hmacSHA256(key: derived, data: Array("1234567890123456".utf8))))
        #expect(fingerprint != Hex.encode(LibCrypto.hmacSHA256(key: Self.key, data: Array("1234567890123456".utf8))))
        #expect(fingerprint.count == 64)
        #expect(fingerprint == cipher.fingerprint(cardNumber: "1234567890123456"))
        #expect(fingerprint != cipher.fingerprint(cardNumber: "1234567890123457"))
        var otherKey = Self.key
        otherKey[0] ^= 1
        #expect(fingerprint != (try AESGCMCardCipher(key: otherKey)).fingerprint(cardNumber: "1234567890123456"))
        #expect(!fingerprint.contains("1234567890123456"))
    }

    @Test("the cipher never prints its key")
    func redacted() throws {
        let cipher = try AESGCMCardCipher(key: [UInt8](repeating: 0xAB, count: 32))
        var dumped = ""
        dump(cipher, to: &dumped)
        for text in ["\(cipher)", String(reflecting: cipher), dumped] {
            #expect(!text.contains("171"))   // 0xAB
            #expect(!text.lowercased().contains("ab, "))
        }
    }

    @Test("a card sealed for the message opens back through the domain's CardDataBlock")
    func withCardDataBlock() throws {
        let cipher = try AESGCMCardCipher(key: Self.key)
        let card = CardDetails(number: "1234567890123456", expiry: "1125", cvc: "777", installmentMonths: 0)
        let block = try CardDataBlock.seal(card, with: cipher)
        #expect(block.count == 72)   // base64 of 12 + 25 + 16 bytes: well inside the 300-character field
        #expect(try CardDataBlock.open(block, with: cipher) == card)
        let message = CardMessage.payment(managementId: "20261202ABCDEFGHIJKL", card: card, amount: 110_000, vat: 10_000,
                                          encryptedCardData: block)
        let parsed = try CardMessage(parsing: try message.encoded())
        #expect(try CardDataBlock.open(parsed.encryptedCardData, with: cipher) == parsed.card)
    }
}
