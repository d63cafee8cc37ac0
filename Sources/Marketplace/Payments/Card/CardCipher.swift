/// The card data's encryption, a port: `AESGCMCardCipher` (Auth) is the production adapter,
/// built once from the configured 32-byte key and shared by the card gateway adapter (which
/// seals the message's block), the repository (which stores only sealed card data and the
/// fingerprint) and the sandbox card company (which opens the block).
public protocol CardCipher: Sendable {
    /// Encrypts and authenticates `plaintext` under a fresh nonce; sealing the same bytes
    /// twice gives different results.
    func seal(_ plaintext: [UInt8]) throws -> [UInt8]

    /// The plaintext of what `seal` made with the same key; throws
    /// `CardCipherError.authenticationFailed` if it was altered or sealed under another key.
    func open(_ sealed: [UInt8]) throws -> [UInt8]

    /// A keyed hash (hex) of a card number, equal for equal numbers, for finding one card in
    /// two payments without storing the number. Its key is not the encryption key.
    func fingerprint(cardNumber: String) -> String
}
