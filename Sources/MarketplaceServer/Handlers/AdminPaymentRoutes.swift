import Marketplace
import HTTPServer

/// `/api/v1/admin/payments/{id}…` (docs/API.md §6): a payment, and refunds that move money only.
enum AdminPaymentRoutes {
    static let tag = "admin-payments"
    static let notFound = OperationDoc.Reply.problem(
        404, "PAYMENT_NOT_FOUND: no payment has this id (nor, for CARD, this management id)")

    static func register(on router: inout Router, payments: PaymentService) {
        router.add(.get, "/api/v1/admin/payments/{id}", access: .role(.admin), doc: OperationDoc(
            "A payment by its id or, for CARD, the management id (tid) of the payment or of one of its cancels", tag: tag,
            replies: [.json(200, "the payment", .ref("Payment")), notFound])) { request, principal in
            let order = try await payments.adminPayment(request.parameters["id"] ?? "", by: principal)
            return Response.json(body(order.payment)).noStore()
        }

        router.add(.post, "/api/v1/admin/payments/{id}/cancel", bodyLimit: CartRoutes.bodyLimit, access: .role(.admin),
                   idempotent: true, doc: OperationDoc(
            "Refund part or all of a DONE / PARTIAL_CANCELED payment. Money only: lines and stock stay, except that a PAID order "
                + "whose balance reaches 0 becomes CANCELED with its remaining lines canceled and their stock returned",
            tag: tag, body: ("application/json", .ref("RefundRequest")), replies: [
                .json(200, "the payment: PARTIAL_CANCELED, or CANCELED when the balance is 0; the refund is the last of cancels",
                      .ref("Payment")),
                .problem(400, "INVALID_REQUEST: amount missing or < 1, vat < 0, reason not 1–200 characters"),
                notFound,
                .problem(409, "NOT_CANCELABLE_AMOUNT: amount over balanceAmount, vat over balanceVat, or the balance would reach "
                    + "0 while VAT remains; NOT_CANCELABLE: the payment is not DONE or PARTIAL_CANCELED; CONCURRENT_REQUEST: "
                    + "another cancel of this payment is running; BALANCE_MISMATCH: the gateway's balance differs from ours by "
                    + "more than this refund; the gateway's own refusal codes (e.g. NOT_CANCELABLE_PAYMENT)"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 4 KiB"),
                .problem(502, "PAYMENT_GATEWAY_ERROR: the gateway gave no definite answer to the refund, or to the balance check "
                    + "before it; nothing was recorded. Send the same request again: the balance check (and Toss's idempotency "
                    + "key) records a refund that did happen instead of refunding twice"),
            ])) { request, principal in
            let body = try request.decodeJSON(RefundRequest.self)
            let order = try await payments.adminRefund(request.parameters["id"] ?? "", amount: body.amount, vat: body.vat,
                                                       reason: body.reason, by: principal)
            return Response.json(Self.body(order.payment)).noStore()
        }
    }

    static func body(_ payment: Payment) -> [UInt8] {
        var json = JSONWriter(capacity: 1024)
        OrderResponse.writePayment(payment, into: &json)
        return json.bytes
    }
}
