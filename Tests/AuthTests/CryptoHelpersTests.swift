@testable import Auth
import Marketplace
import Testing

@Suite struct CryptoHelpersTests {
    @Test("base64url matches RFC 4648's test vectors, without padding", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func base64url(_ input: String, _ expected: String) {
        #expect(Base64.encodeURL(Array(input.utf8)) == expected)
    }

    @Test("base64url uses - and _ where base64 has + and /")
    func urlAlphabet() {
        #expect(Base64.encodeURL([0xFB, 0xFF, 0xBF]) == "-_-_")
    }

    @Test("SHA-256 matches the FIPS 180-2 vector for \"abc\"")
    func sha256() {
        #expect(Hex.encode(LibCrypto.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("random bytes differ between calls")
    func random() throws {
        #expect(try LibCrypto.randomBytes(32) != LibCrypto.randomBytes(32))
    }

    @Test("constant-time comparison compares content and length")
    func constantTime() {
        #expect(LibCrypto.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!LibCrypto.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!LibCrypto.constantTimeEquals([1, 2], [1, 2, 3]))
    }
}
