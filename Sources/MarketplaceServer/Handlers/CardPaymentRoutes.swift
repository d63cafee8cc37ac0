import Marketplace
import HTTPServer

/// `POST /api/v1/customer/orders/{id}/payment/card` (docs/API.md §5, issue #7).
enum CardPaymentRoutes {
    static func register(on router: inout Router, payments: PaymentService) {
        router.add(.post, "/api/v1/customer/orders/{id}/payment/card", bodyLimit: CartRoutes.bodyLimit, access: .role(.customer),
                   idempotent: true, doc: OperationDoc(
            "Pay a PENDING_PAYMENT CARD order by card. The card is checked first (nothing stored or sent when a field is bad); "
                + "the payment then goes IN_PROGRESS with a fresh 20-character management id and the card kept only sealed, and "
                + "one PAYMENT message goes to the card company. The number, expiry and CVC are never returned or logged in "
                + "clear: the order shows payment.card {maskedNumber (first 6 and last 3 digits), expiry}",
            tag: OrderRoutes.tag, body: ("application/json", .ref("CardPaymentRequest")), replies: [
                .json(200, "approved: the order PAID, payment DONE, payment.tid the management id (20 characters), "
                      + "payment.card {maskedNumber, expiry}; the ordered products left the cart", .ref("Order")),
                .json(202, "no definite answer from the card company: payment.status UNKNOWN, order still PENDING_PAYMENT; the "
                      + "recovery worker settles it by sending the PAYMENT's CANCEL (the order then fails, stock returned)",
                      .ref("Order")),
                .problem(400, "INVALID_REQUEST: errors name each bad field (cardNumber 10–16 digits, expiry MMYY not past, cvc 3 "
                    + "digits, installmentMonths 0–12; the amount outside 100 – 1,000,000,000 KRW), or the order is not a CARD order"),
                .problem(402, "PAYMENT_REJECTED: the card company declined; the order is PAYMENT_FAILED (payment ABORTED), stock "
                    + "returned"),
                OrderRoutes.notFound,
                .problem(409, "CONCURRENT_REQUEST: the same card number is being charged by another payment right now (nothing "
                    + "of this request was stored or sent); ALREADY_PROCESSED: the order was already paid, failed or canceled; "
                    + "PAYMENT_IN_PROGRESS: another payment of this order is running or UNKNOWN; ORDER_EXPIRED"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 4 KiB"),
                .problem(503, "PAYMENT_PROVIDER_UNAVAILABLE: no card gateway"),
            ])) { request, principal in
            let id = request.parameters["id"] ?? ""
            let body: CardPaymentRequest
            do {
                body = try request.decodeJSON(CardPaymentRequest.self)
            } catch {
                _ = try await payments.customerOrder(id, principal)   // someone else's order: 404 before any 400
                throw error
            }
            let result = try await payments.payByCard(id, card: body.card, by: principal)
            return Response.json(OrderResponse.body(result.order), status: result.settled ? 200 : 202).noStore()
        }
    }
}
