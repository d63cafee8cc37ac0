/// Why a card cipher refused. Carries no key, plaintext or ciphertext.
public enum CardCipherError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key is not the length the cipher needs; carries the length given.
    case invalidKeyLength(Int)
    /// The sealed data is too short to hold a nonce and a tag, or is not base64.
    case malformed
    /// The tag does not match: altered data or another key.
    case authenticationFailed

    /// A one-line summary without data.
    public var description: String {
        switch self {
        case .invalidKeyLength(let length): "card cipher key must be 32 bytes, not \(length)"
        case .malformed: "sealed card data is malformed"
        case .authenticationFailed: "sealed card data failed authentication"
        }
    }
}
