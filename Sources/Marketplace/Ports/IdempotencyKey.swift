/// A client's `Idempotency-Key` (docs/API.md §1): 1–255 visible ASCII characters (0x21–0x7E),
/// meaningful only together with the account that sent it.
public struct IdempotencyKey: RawRepresentable, Hashable, Sendable {
    /// The key as the client sent it.
    public let rawValue: String

    /// The longest key accepted.
    public static let maxLength = 255

    /// nil unless `rawValue` is 1–255 visible ASCII characters (no space, no control
    /// character, nothing beyond ASCII).
    public init?(rawValue: String) {
        let bytes = rawValue.utf8
        guard (1...Self.maxLength).contains(bytes.count),
              bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        self.rawValue = rawValue
    }
}
