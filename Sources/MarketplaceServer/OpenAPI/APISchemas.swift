/// The shared component schemas of `/openapi.json`.
enum APISchemas {
    static let problem = Schema.object([
        ("type", .string()), ("title", .string()), ("status", .integer(minimum: 100, maximum: 599)),
        ("detail", .string()), ("code", .string(pattern: "^[A-Z][A-Z0-9_]*$")), ("instance", .string()),
        ("errors", .array(.object([("field", .string()), ("message", .string())], required: ["field", "message"]))),
    ], required: ["type", "title", "status", "code"])

    static var all: [(String, Schema)] { [("Problem", problem)] + accounts + images + catalog + orders + payments + cardPayments + webhooks + mail }
}

/// Text rules as patterns (ECMA-262, as JSON Schema reads them), so that a client or a fuzzer
/// knows what the server refuses: control characters (Unicode Cc: U+0000–001F, U+007F–009F)
/// never; "not blank" is at least one character that is neither Cc nor Unicode White_Space.
extension APISchemas {
    static let noControlPattern = #"^[^\u0000-\u001F\u007F-\u009F]*$"#
    static let notBlankPattern = #"^[^\u0000-\u001F\u007F-\u009F]*"#
        + #"[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"#
        + #"[^\u0000-\u001F\u007F-\u009F]*$"#
    /// A product description: anything but NUL.
    static let noNulPattern = #"^[^\u0000]*$"#
}
