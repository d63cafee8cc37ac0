import Marketplace
/// An opaque bearer token: 32 random bytes from OpenSSL, base64url without padding (43
/// characters, 256 bits). The server stores only `digest`, so a database leak yields no
/// usable token.
public struct SessionToken: Sendable, Equatable {
    /// The token as handed to the client, once.
    public let value: String

    static let randomByteCount = 32
    /// base64url of 32 bytes without padding.
    public static let length = 43

    /// A fresh token from `RAND_bytes`.
    public static func generate() throws -> SessionToken {
        SessionToken(value: Base64.encodeURL(try LibCrypto.randomBytes(randomByteCount)))
    }

    /// What the session store keys on: the SHA-256 of the token, hex.
    public var digest: String { Self.digest(of: value) }

    /// The SHA-256 (hex) of a presented token.
    public static func digest(of token: String) -> String {
        Hex.encode(LibCrypto.sha256(Array(token.utf8)))
    }

    /// Whether `text` could be a token we issued: cheap to check before touching storage.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy(Base64.isURLAlphabet)
    }
}
