/// The shared component schemas of `/openapi.json`.
enum APISchemas {
    static let problem = Schema.object([
        ("type", .string()), ("title", .string()), ("status", .integer(minimum: 100, maximum: 599)),
        ("detail", .string()), ("code", .string(pattern: "^[A-Z][A-Z0-9_]*$")), ("instance", .string()),
        ("errors", .array(.object([("field", .string()), ("message", .string())], required: ["field", "message"]))),
    ], required: ["type", "title", "status", "code"])

    static var all: [(String, Schema)] { [("Problem", problem)] + accounts + images + catalog + orders + payments + cardPayments + webhooks + mail }
}
