/// Checks the sandboxes' pages and helper routes share.
enum SandboxRules {
    /// docs/API.md §1: an order id is 6–64 of `[A-Za-z0-9_-]` (also Toss's rule for `orderId`).
    static func isOrderId(_ text: String) -> Bool {
        (6...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// `isOrderId` and `isWebURL` as `/openapi.json` declares them.
    static let orderIdSchema = Schema.string(minLength: 6, maxLength: 64, pattern: "^[A-Za-z0-9_-]{6,64}$")
    static let webURLSchema = Schema.string(maxLength: 2048, pattern: #"^https?://[^\u0000-\u0020\u007F]*$"#,
                                            description: "an http or https URL without spaces or control characters")

    static func isWebURL(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && text.utf8.count <= 2048
            && !text.utf8.contains { $0 < 0x21 || $0 == 0x7F }
    }
}
