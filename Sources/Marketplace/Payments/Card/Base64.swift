/// Standard base64 with `=` padding (RFC 4648 §4), the encoding of the message's encrypted
/// card block and of webhook secrets and signatures. Decoding is strict: canonical padding
/// only, no blanks or line breaks.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8: UInt32] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt32($0)) })

    /// `bytes` as padded base64.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let available = min(bytes.count - index, 3)
            var group: UInt32 = 0
            for offset in 0..<3 { group = group << 8 | (offset < available ? UInt32(bytes[index + offset]) : 0) }
            for slot in 0..<4 {
                out.append(slot <= available ? alphabet[Int(group >> UInt32(18 - 6 * slot) & 63)] : UInt8(ascii: "="))
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
    static func isAlphabet(_ byte: UInt8) -> Bool { values[byte] != nil || byte == UInt8(ascii: "=") }
}
