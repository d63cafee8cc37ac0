/// The field rules of docs/API.md §2, each returning the problems it finds (empty when valid).
public enum AccountRules {
    /// The shortest password, in characters.
    public static let passwordMinimumCharacters = 8
    /// bcrypt reads at most 72 bytes; longer passwords are refused, never silently truncated.
    public static let passwordMaximumBytes = 72
    /// The longest name, in Unicode scalars.
    public static let nameMaximumCharacters = 100
    /// How many digits a phone number has.
    public static let phoneDigits = 10...11

    /// At least 8 characters, at most 72 UTF-8 bytes, no NUL (C strings would end there).
    public static func passwordIssues(_ password: String, field: String = "password") -> [FieldIssue] {
        if password.utf8.contains(0) {
            return [FieldIssue(field: field, message: "must not contain the NUL character")]
        }
        if password.count < passwordMinimumCharacters {
            return [FieldIssue(field: field, message: "must be at least \(passwordMinimumCharacters) characters")]
        }
        if password.utf8.count > passwordMaximumBytes {
            return [FieldIssue(field: field, message: "must be at most \(passwordMaximumBytes) bytes in UTF-8 (got \(password.utf8.count))")]
        }
        return []
    }

    /// Whether `password` could ever have been accepted, so is worth comparing with a hash.
    public static func isAcceptablePassword(_ password: String) -> Bool { passwordIssues(password).isEmpty }

    /// 10 or 11 ASCII digits once hyphens are dropped (`phoneDigitsOnly`), nothing else (no
    /// spaces or `+`).
    public static func phoneIssues(_ phone: String, field: String = "phone") -> [FieldIssue] {
        let bytes = phone.utf8
        guard phoneDigits.contains(bytes.count), bytes.allSatisfy({ (48...57).contains($0) }) else {
            return [FieldIssue(field: field, message: "must be 10 or 11 digits (hyphens allowed: 010-1234-5678)")]
        }
        return []
    }

    /// A phone as typed in Korea (`010-1234-5678`) to what is stored (`01012345678`): the
    /// hyphens dropped when the rest is ASCII digits; anything else is left for `phoneIssues`
    /// to refuse as sent.
    public static func phoneDigitsOnly(_ phone: String) -> String {
        let digits = phone.utf8.filter { $0 != UInt8(ascii: "-") }
        guard !digits.isEmpty, digits.allSatisfy({ (48...57).contains($0) }),
              phone.first != "-", phone.last != "-", !phone.contains("--") else { return phone }
        return String(decoding: digits, as: UTF8.self)
    }

    /// 1–100 characters, not blank, no control characters.
    public static func nameIssues(_ name: String, field: String = "name") -> [FieldIssue] {
        if name.allSatisfy(\.isWhitespace) {
            return [FieldIssue(field: field, message: "must not be empty")]
        }
        // Unicode scalars, as SQLite's length() counts them in the schema's CHECK.
        if name.unicodeScalars.count > nameMaximumCharacters {
            return [FieldIssue(field: field, message: "must be at most \(nameMaximumCharacters) characters")]
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return [FieldIssue(field: field, message: "must not contain control characters")]
        }
        return []
    }

    /// A syntactically valid address of at most 254 characters.
    public static func emailIssues(_ email: String, field: String = "email") -> [FieldIssue] {
        EmailAddress(email) == nil ? [FieldIssue(field: field, message: "must be a valid email address")] : []
    }
}
