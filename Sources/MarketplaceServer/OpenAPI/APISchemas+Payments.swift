import Marketplace

/// Schemas of confirm and refunds (docs/API.md §5–§6).
extension APISchemas {
    static let confirmPaymentRequest = Schema.object([
        ("paymentKey", .string(minLength: 1, maxLength: 200, description: "TOSS: from the success redirect")),
        ("amount", .integer(minimum: 0, description: "TOSS: the amount the success redirect carried; must equal payment.amount")),
        ("pgToken", .string(minLength: 1, maxLength: 200, description: "KAKAOPAY: pg_token from the approval redirect")),
    ])

    static let refundRequest = Schema.object([
        ("amount", .integer(minimum: 1, description: "KRW to refund, at most balanceAmount")),
        ("vat", .integer(minimum: 0, description: "the VAT inside amount; default round(amount / 11), or all of balanceVat when "
            + "the refund empties the balance")),
        ("reason", .string(minLength: 1, maxLength: 200, pattern: notBlankPattern)),
    ], required: ["amount", "reason"])

    static var payments: [(String, Schema)] {
        [("ConfirmPaymentRequest", confirmPaymentRequest), ("RefundRequest", refundRequest)]
    }
}
