/// An order's id (docs/API.md §1): 6–64 characters of `[A-Za-z0-9_-]`; the `orderId` gateways see.
public struct OrderID: RawRepresentable, Hashable, Sendable {
    public let rawValue: String

    /// Wraps a string that is a valid id; nil otherwise.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// `ord_` + 22 base62 characters: about 131 random bits from the system's CSPRNG.
    public static func random() -> OrderID {
        OrderID(unchecked: "ord_" + RandomID.base62(22))
    }

    private init(unchecked: String) { rawValue = unchecked }

    /// 6–64 characters, each of `[A-Za-z0-9_-]`.
    public static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        return (6...64).contains(bytes.count) && bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x5F || byte == 0x2D
        }
    }
}

/// Random identifiers from `SystemRandomNumberGenerator` (getrandom(2) on Linux).
public enum RandomID {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `count` characters of base62, each uniform (rejection-free: `random(in:)` is unbiased).
    public static func base62(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
