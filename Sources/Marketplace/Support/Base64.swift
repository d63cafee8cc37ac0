/// Base64 (RFC 4648), the project's one codec: standard base64 with `=` padding (§4) — the
/// card message's encrypted block, webhook secrets and signatures — and, for encoding,
/// base64url without padding (§5) — session tokens. Decoding is strict: canonical padded
/// standard base64 only, no blanks or line breaks.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8: UInt32] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt32($0)) })

    /// `bytes` as padded base64.
    public static func encode(_ bytes: [UInt8]) -> String { encode(bytes, alphabet: alphabet, padded: true) }

    /// `bytes` as base64url without padding (RFC 4648 §5).
    public static func encodeURL(_ bytes: [UInt8]) -> String { encode(bytes, alphabet: urlAlphabet, padded: false) }

    private static func encode(_ bytes: [UInt8], alphabet: [UInt8], padded: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let available = min(bytes.count - index, 3)
            var group: UInt32 = 0
            for offset in 0..<3 { group = group << 8 | (offset < available ? UInt32(bytes[index + offset]) : 0) }
            for slot in 0..<4 {
                if slot <= available {
                    out.append(alphabet[Int(group >> UInt32(18 - 6 * slot) & 63)])
                } else if padded {
                    out.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`, or nil unless it is canonical padded base64.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let quad = input[index..<(index + 4)]
            let isLast = index + 4 == input.count
            let padding = quad.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
            guard padding <= 2, padding == 0 || isLast else { return nil }
            var group: UInt32 = 0
            for byte in quad.prefix(4 - padding) {
                guard let value = values[byte] else { return nil }
                group = group << 6 | value
            }
            group <<= UInt32(6 * padding)
            let produced = [UInt8(group >> 16 & 0xFF), UInt8(group >> 8 & 0xFF), UInt8(group & 0xFF)]
            // Canonical: the bits the padding hides must be zero.
            guard produced.suffix(padding).allSatisfy({ $0 == 0 }) else { return nil }
            out += produced.prefix(3 - padding)
            index += 4
        }
        return out
    }

    /// Whether `byte` may appear in padded base64.
    public static func isAlphabet(_ byte: UInt8) -> Bool { values[byte] != nil || byte == UInt8(ascii: "=") }

    /// Whether `byte` belongs to the base64url alphabet.
    public static func isURLAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
