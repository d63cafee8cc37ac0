import Marketplace

/// `POST /orders/{id}/payment/confirm`: TOSS `{paymentKey, amount}`, KAKAOPAY `{pgToken}`.
struct ConfirmPaymentRequest: Decodable {
    let paymentKey: String?
    let amount: Int64?
    let pgToken: String?

    var form: PaymentConfirmForm { PaymentConfirmForm(paymentKey: paymentKey, amount: amount, pgToken: pgToken) }
}

/// `POST /admin/payments/{id}/cancel` `{amount, vat?, reason}`.
struct RefundRequest: Decodable {
    let amount: Int64?
    let vat: Int64?
    let reason: String?
}
