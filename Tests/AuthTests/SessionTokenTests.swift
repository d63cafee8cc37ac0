@testable import Auth
import Testing

@Suite struct SessionTokenTests {
    @Test("a token is 32 random bytes in base64url: 43 characters of the URL-safe alphabet")
    func shape() throws {
        let token = try SessionToken.generate()
        #expect(token.value.utf8.count == 43)
        #expect(SessionToken.isWellFormed(token.value))
    }

    @Test("tokens do not repeat")
    func unique() throws {
        let tokens = try (0..<200).map { _ in try SessionToken.generate().value }
        #expect(Set(tokens).count == 200)
    }

    @Test("the stored digest is the SHA-256 hex of the token and never the token itself")
    func digest() throws {
        let token = try SessionToken.generate()
        #expect(token.digest.utf8.count == 64)
        #expect(token.digest == SessionToken.digest(of: token.value))
        #expect(!token.digest.contains(token.value))
    }

    @Test("anything but 43 base64url characters is not a token", arguments: [
        "", "abc", String(repeating: "A", count: 42), String(repeating: "A", count: 44), String(repeating: "+", count: 43),
        String(repeating: "A", count: 42) + "=",
    ])
    func malformed(_ text: String) {
        #expect(!SessionToken.isWellFormed(text))
    }
}
