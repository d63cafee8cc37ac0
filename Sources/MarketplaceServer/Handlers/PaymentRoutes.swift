import Marketplace
import HTTPServer

/// `POST /api/v1/customer/orders/{id}/payment/confirm` (docs/API.md §5).
enum PaymentRoutes {
    static func register(on router: inout Router, payments: PaymentService) {
        router.add(.post, "/api/v1/customer/orders/{id}/payment/confirm", bodyLimit: CartRoutes.bodyLimit, access: .role(.customer),
                   idempotent: true, doc: OperationDoc(
            "Confirm the payment of a PENDING_PAYMENT order: TOSS {paymentKey, amount}, KAKAOPAY {pgToken}. The amount is checked "
                + "before the gateway is asked; the gateway is called once per payment (a stable idempotency key)",
            tag: OrderRoutes.tag, body: ("application/json", .ref("ConfirmPaymentRequest")), replies: [
                .json(200, "approved: the order PAID, payment DONE (paymentKey/tid, approvedAt); the ordered products left the cart. "
                      + "Also a repeat of a paid order's confirm with its own paymentKey", .ref("Order")),
                .json(202, "no definite answer from the gateway (timeout, 5xx, unreadable): payment.status UNKNOWN, order still "
                      + "PENDING_PAYMENT; the recovery worker settles it (read the order later)", .ref("Order")),
                .problem(400, "INVALID_REQUEST: paymentKey/amount (TOSS) or pgToken (KAKAOPAY) missing; PAYMENT_AMOUNT_MISMATCH: "
                    + "amount is not payment.amount — the order becomes PAYMENT_FAILED, its stock returns, the gateway is not asked"),
                .problem(402, "PAYMENT_REJECTED: the gateway declined; the order is PAYMENT_FAILED (payment ABORTED), stock returned"),
                OrderRoutes.notFound,
                .problem(409, "ALREADY_PROCESSED: the order was already paid (with another paymentKey), failed or canceled; "
                    + "PAYMENT_IN_PROGRESS: another confirm of this order is running or its outcome is UNKNOWN (only one "
                    + "confirm reaches the gateway); ORDER_EXPIRED: the order expired (or is past expiresAt) before payment"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 4 KiB"),
                .problem(503, "PAYMENT_PROVIDER_UNAVAILABLE: no gateway for the order's provider"),
            ])) { request, principal in
            let id = request.parameters["id"] ?? ""
            let body: ConfirmPaymentRequest
            do {
                body = try request.decodeJSON(ConfirmPaymentRequest.self)
            } catch {
                _ = try await payments.customerOrder(id, principal)   // someone else's order: 404 before any 400
                throw error
            }
            let result = try await payments.confirm(id, form: body.form, by: principal)
            return Response.json(OrderResponse.body(result.order), status: result.settled ? 200 : 202).noStore()
        }
    }
}
