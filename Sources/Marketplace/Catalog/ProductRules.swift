/// The field rules of docs/API.md §3, each returning the problems it finds (empty when valid).
public enum ProductRules {
    /// The longest name, in Unicode scalars (as SQLite's `length()` counts in the schema's CHECK).
    public static let nameMaximumCharacters = AccountRules.nameMaximumCharacters
    /// The longest description, in Unicode scalars.
    public static let descriptionMaximumCharacters = 5000
    /// Whole KRW.
    public static let prices: ClosedRange<Int64> = 0...1_000_000_000
    /// Units in stock.
    public static let stocks: ClosedRange<Int> = 0...1_000_000
    /// The longest category, in ASCII characters.
    public static let categoryMaximumLength = 50
    /// What sellers may set; DELETED is reached by DELETE only.
    public static let settableStatuses: [ProductStatus] = [.onSale, .hidden]

    /// 1–100 characters, not blank, no control characters (the same rule as account names).
    public static func nameIssues(_ name: String, field: String = "name") -> [FieldIssue] {
        AccountRules.nameIssues(name, field: field)
    }

    /// 0–5000 characters; line breaks and tabs allowed, NUL not.
    public static func descriptionIssues(_ description: String, field: String = "description") -> [FieldIssue] {
        if description.unicodeScalars.count > descriptionMaximumCharacters {
            return [FieldIssue(field: field, message: "must be at most \(descriptionMaximumCharacters) characters")]
        }
        if description.utf8.contains(0) {
            return [FieldIssue(field: field, message: "must not contain the NUL character")]
        }
        return []
    }

    /// 0–1,000,000,000 KRW.
    public static func priceIssues(_ price: Int64, field: String = "price") -> [FieldIssue] {
        prices.contains(price) ? [] : [FieldIssue(field: field, message: "must be a whole number of KRW from 0 to 1000000000")]
    }

    /// 0–1,000,000 units.
    public static func stockIssues(_ stock: Int, field: String = "stock") -> [FieldIssue] {
        stocks.contains(stock) ? [] : [FieldIssue(field: field, message: "must be a whole number from 0 to 1000000")]
    }

    /// 1–50 characters of `[a-z0-9-]`.
    public static func categoryIssues(_ category: String, field: String = "category") -> [FieldIssue] {
        isCategory(category) ? [] : [FieldIssue(field: field, message: "must be 1–50 characters of a-z, 0-9 and -")]
    }

    /// Whether `text` could be a category (the public filter uses it to skip hopeless queries).
    public static func isCategory(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...categoryMaximumLength).contains(bytes.count) && bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }

    /// `ON_SALE` or `HIDDEN`, parsed; nil for anything else (DELETED included).
    public static func settableStatus(_ text: String) -> ProductStatus? {
        ProductStatus(rawValue: text).flatMap { settableStatuses.contains($0) ? $0 : nil }
    }

    /// `ON_SALE` or `HIDDEN`.
    public static func statusIssues(_ text: String, field: String = "status") -> [FieldIssue] {
        settableStatus(text) == nil ? [FieldIssue(field: field, message: "must be ON_SALE or HIDDEN")] : []
    }
}
