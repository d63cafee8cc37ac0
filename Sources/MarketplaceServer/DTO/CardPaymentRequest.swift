import Marketplace

/// `POST /orders/{id}/payment/card` `{cardNumber, expiry, cvc, installmentMonths}`. Missing
/// strings become empty ones, so the rules name them; a missing installmentMonths is 0 (lump sum).
/// The value lives for the request only; `CardDetails` prints its number masked.
struct CardPaymentRequest: Decodable {
    let cardNumber: String?
    let expiry: String?
    let cvc: String?
    let installmentMonths: Int?

    var card: CardDetails {
        CardDetails(number: cardNumber ?? "", expiry: expiry ?? "", cvc: cvc ?? "", installmentMonths: installmentMonths ?? 0)
    }
}
