/// A syntactically valid email address: `local@domain`, ASCII, with a dotted domain.
///
/// Deliberately narrower than RFC 5322 (no quoted local parts, comments or IP literals):
/// it is what mail providers hand out, and it can never carry CR/LF into a mail header.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as the user typed it.
    public let value: String

    /// Validates `text`; nil when it is not an address we accept.
    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        value = text
    }

    /// The form that identifies an account: ASCII-lowercased, so `A@X.io` and `a@x.io` are one.
    public var normalized: String { Self.normalize(value) }

    /// The address as typed.
    public var description: String { value }

    /// Lowercases ASCII letters only; used to look up possibly invalid input too.
    public static func normalize(_ text: String) -> String {
        String(decoding: text.utf8.map { (65...90).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    static let maximumLength = 254
    static let maximumLocalLength = 64

    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        return isValidLocal(local) && isValidDomain(domain)
    }

    /// RFC 5322 `dot-atom-text`: atext runs separated by single dots.
    private static func isValidLocal(_ local: ArraySlice<UInt8>) -> Bool {
        guard (1...maximumLocalLength).contains(local.count) else { return false }
        let runs = local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return runs.allSatisfy { run in !run.isEmpty && run.allSatisfy(isAtext) }
    }

    /// LDH labels (RFC 1035), at least two, the last holding a letter (not an IP address).
    private static func isValidDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, let last = labels.last, last.contains(where: isLetter) else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
                && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }

    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)
    private static func isAtext(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || atextSymbols.contains(byte) }
}
