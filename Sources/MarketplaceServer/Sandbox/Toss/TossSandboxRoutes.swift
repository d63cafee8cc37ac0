import HTTPServer
import Marketplace

/// `/sandbox/toss/...`: Toss Payments' v1 API as the simulator serves it, plus the checkout
/// page and `POST /sandbox/toss/approve` for scripts (docs/API.md §6). Public routes: they check
/// Toss's own Basic auth, not a bearer token.
enum TossSandboxRoutes {
    static let prefix = "/sandbox/toss"

    /// `formTargets`: where the checkout's redirects may end besides successUrl (payments.returnUrl).
    static func register(on router: inout Router, sandbox: TossSandbox, formTargets: [String] = []) {
        let tossError = OperationDoc.Reply.json(401, "UNAUTHORIZED_KEY (and Toss's other errors: {code, message})", SandboxDocs.tossError)
        router.add(.post, prefix + "/v1/payments/confirm", doc: OperationDoc(
            "Toss sandbox: confirm a payment (Basic auth, Idempotency-Key)", tag: "sandbox",
            headers: [SandboxDocs.idempotencyKey], body: ("application/json", SandboxDocs.tossConfirm), replies: [
                .json(200, "the Payment object, status DONE", SandboxDocs.tossPayment),
                .json(400, "INVALID_REQUEST (amount or orderId differ), ALREADY_PROCESSED_PAYMENT", SandboxDocs.tossError),
                tossError,
                .json(403, "REJECT_CARD_PAYMENT", SandboxDocs.tossError),
                .json(404, "NOT_FOUND_PAYMENT_SESSION", SandboxDocs.tossError),
                .json(409, "IDEMPOTENT_REQUEST_PROCESSING", SandboxDocs.tossError),
            ])) { request in
            guard sandbox.isAuthorized(request.headers["Authorization"]) else { return TossSandbox.unauthorized.response }
            return await sandbox.confirm(body: request.body, idempotencyKey: request.headers["Idempotency-Key"]).response
        }

        router.add(.get, prefix + "/v1/payments/{paymentKey}", doc: OperationDoc(
            "Toss sandbox: a payment by paymentKey", tag: "sandbox", replies: [
                .json(200, "the Payment object", SandboxDocs.tossPayment), tossError,
                .json(404, "NOT_FOUND_PAYMENT", SandboxDocs.tossError),
            ])) { request in
            guard sandbox.isAuthorized(request.headers["Authorization"]) else { return TossSandbox.unauthorized.response }
            return await sandbox.lookup(paymentKey: request.parameters["paymentKey"] ?? "").response
        }

        router.add(.get, prefix + "/v1/payments/orders/{orderId}", doc: OperationDoc(
            "Toss sandbox: a payment by orderId", tag: "sandbox", replies: [
                .json(200, "the Payment object", SandboxDocs.tossPayment), tossError,
                .json(404, "NOT_FOUND_PAYMENT", SandboxDocs.tossError),
            ])) { request in
            guard sandbox.isAuthorized(request.headers["Authorization"]) else { return TossSandbox.unauthorized.response }
            return await sandbox.lookup(orderId: request.parameters["orderId"] ?? "").response
        }

        router.add(.post, prefix + "/v1/payments/{paymentKey}/cancel", doc: OperationDoc(
            "Toss sandbox: cancel all or part of a payment (Basic auth, Idempotency-Key)", tag: "sandbox",
            headers: [SandboxDocs.idempotencyKey], body: ("application/json", SandboxDocs.tossCancel), replies: [
                .json(200, "the Payment object, PARTIAL_CANCELED or CANCELED, with cancels[]", SandboxDocs.tossPayment),
                .json(400, "INVALID_REQUEST, ALREADY_CANCELED_PAYMENT", SandboxDocs.tossError), tossError,
                .json(403, "NOT_CANCELABLE_AMOUNT, NOT_CANCELABLE_PAYMENT", SandboxDocs.tossError),
                .json(404, "NOT_FOUND_PAYMENT", SandboxDocs.tossError),
            ])) { request in
            guard sandbox.isAuthorized(request.headers["Authorization"]) else { return TossSandbox.unauthorized.response }
            return await sandbox.cancel(paymentKey: request.parameters["paymentKey"] ?? "", body: request.body,
                                        idempotencyKey: request.headers["Idempotency-Key"]).response
        }

        TossCheckoutPage.register(on: &router, sandbox: sandbox, formTargets: formTargets)
    }
}
