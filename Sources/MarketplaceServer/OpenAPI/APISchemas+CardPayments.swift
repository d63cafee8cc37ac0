import Marketplace

/// The card pay request (docs/API.md §5, issue #7).
extension APISchemas {
    static let cardPaymentRequest = Schema.object([
        ("cardNumber", .string(pattern: "^[0-9]{10,16}$", description: "10–16 digits; never stored or returned in clear")),
        ("expiry", .string(pattern: "^(0[1-9]|1[0-2])[0-9]{2}$", description: "MMYY, not in the past")),
        ("cvc", .string(pattern: "^[0-9]{3}$", description: "3 digits; never stored")),
        ("installmentMonths", .integer(minimum: 0, maximum: 12, description: "0 = lump sum (default), else 2–12")),
    ], required: ["cardNumber", "expiry", "cvc"])

    static var cardPayments: [(String, Schema)] { [("CardPaymentRequest", cardPaymentRequest)] }
}
