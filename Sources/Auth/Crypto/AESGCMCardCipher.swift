public import Marketplace

/// The production `CardCipher`: AES-256-GCM over libcrypto with a fresh random 12-byte nonce
/// per message and a 16-byte tag; sealed data is `nonce ‖ ciphertext ‖ tag`. Build one at
/// start-up from the configured 32-byte key and share it (it is an immutable value):
/// ```swift
/// let cipher = try AESGCMCardCipher(key: configuredKeyBytes)
/// ```
/// Fingerprints are HMAC-SHA256 under a second key derived from the first
/// (HMAC-SHA256(key, "marketplace card fingerprint v1")), so the encryption key itself
/// never serves as a MAC key. Its description never shows either key.
public struct AESGCMCardCipher: CardCipher, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    static let keyLength = 32
    static let nonceLength = 12
    static let tagLength = 16
    static let fingerprintLabel = Array("marketplace card fingerprint v1".utf8)

    private let key: [UInt8]
    private let fingerprintKey: [UInt8]
    private let makeNonce: @Sendable () throws -> [UInt8]

    /// Takes exactly 32 key bytes; anything else throws `CardCipherError.invalidKeyLength`.
    public init(key: [UInt8]) throws {
        try self.init(key: key, makeNonce: { try LibCrypto.randomBytes(Self.nonceLength) })
    }

    /// The seam for known-answer tests: `makeNonce` replaces the CSPRNG.
    init(key: [UInt8], makeNonce: @escaping @Sendable () throws -> [UInt8]) throws {
        guard key.count == Self.keyLength else { throw CardCipherError.invalidKeyLength(key.count) }
        self.key = key
        self.fingerprintKey = LibCrypto.hmacSHA256(key: key, data: Self.fingerprintLabel)
        self.makeNonce = makeNonce
    }

    /// `nonce ‖ ciphertext ‖ tag` under a fresh random nonce.
    public func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        let nonce = try makeNonce()
        precondition(nonce.count == Self.nonceLength, "GCM nonces are 12 bytes")
        let (ciphertext, tag) = try LibCrypto.aes256GCMSeal(key: key, nonce: nonce, plaintext: plaintext)
        return nonce + ciphertext + tag
    }

    /// The plaintext, or `authenticationFailed` / `malformed`.
    public func open(_ sealed: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= Self.nonceLength + Self.tagLength else { throw CardCipherError.malformed }
        let nonce = Array(sealed.prefix(Self.nonceLength))
        let tag = Array(sealed.suffix(Self.tagLength))
        let ciphertext = Array(sealed.dropFirst(Self.nonceLength).dropLast(Self.tagLength))
        guard let plaintext = try LibCrypto.aes256GCMOpen(key: key, nonce: nonce, ciphertext: ciphertext, tag: tag) else {
            throw CardCipherError.authenticationFailed
        }
        return plaintext
    }

    /// Lowercase hex of HMAC-SHA256(fingerprint key, the number's UTF-8).
    public func fingerprint(cardNumber: String) -> String {
        Hex.encode(LibCrypto.hmacSHA256(key: fingerprintKey, data: Array(cardNumber.utf8)))
    }

    /// `AESGCMCardCipher(key: <redacted>)`.
    public var description: String { "AESGCMCardCipher(key: <redacted>)" }
    /// The same as `description`.
    public var debugDescription: String { description }
    /// No children: the keys stay out of `dump`.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
