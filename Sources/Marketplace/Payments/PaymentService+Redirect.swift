/// The browser flow that finishes without a client server (docs/API.md §12): the gateway's
/// redirect — Toss's `successUrl?paymentKey=&orderId=&amount=`, Kakao Pay's
/// `approval_url?orderId=&pg_token=` — confirms the payment itself, through the same pipeline
/// as `POST …/payment/confirm` (the claim READY → IN_PROGRESS in one transaction, the gateway
/// call with the payment's stable idempotency key, the answer recorded in one transaction),
/// so a redirect and an API confirm of one order charge it exactly once, in either order or
/// at once. The redirect carries no token: what it proves is the gateway's — Toss confirms
/// only a paymentKey its checkout issued for that orderId and amount, Kakao only the pg_token
/// of that tid — and the amount is checked against the order first, as the API's is.
extension PaymentService {
    /// Confirms `orderId`'s payment from the gateway's redirect, acting as the order's customer
    /// (the browser is theirs). Errors as the API confirm's; 404 `ORDER_NOT_FOUND`.
    public func confirmFromRedirect(orderId: String, form: PaymentConfirmForm) async throws -> Confirmation {
        guard let id = OrderID(rawValue: orderId), let order = try await orders.find(id) else { throw OrderService.notFound }
        let customer = Principal(userID: order.customerID, role: .customer)
        return try await confirm(order, proof: try Self.proof(for: order, form: form), by: customer)
    }

    /// The order's status now, for the redirect's answer after an error.
    public func orderStatus(_ orderId: String) async throws -> OrderStatus? {
        guard let id = OrderID(rawValue: orderId) else { return nil }
        return try await orders.find(id)?.status
    }

    /// The proof a confirm's form gives for `order`'s provider. Errors: 400 `INVALID_REQUEST`.
    static func proof(for order: Order, form: PaymentConfirmForm) throws -> PaymentProof {
        switch order.payment.provider {
        case .toss:
            var issues: [FieldIssue] = []
            let key = form.paymentKey ?? ""
            if key.isEmpty || key.count > 200 { issues.append(FieldIssue(field: "paymentKey", message: "is required (1–200 characters)")) }
            if form.amount == nil { issues.append(FieldIssue(field: "amount", message: "is required")) }
            if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "A Toss confirm needs paymentKey and amount.") }
            return .toss(paymentKey: key, amount: form.amount ?? 0)
        case .kakaoPay:
            let token = form.pgToken ?? ""
            guard !token.isEmpty, token.count <= 200 else {
                throw MarketplaceError.invalid([FieldIssue(field: "pgToken", message: "is required (1–200 characters)")],
                                               detail: "A Kakao Pay confirm needs pgToken.")
            }
            return .kakaoPay(tid: order.payment.tid ?? "", pgToken: token)
        case .card:
            throw MarketplaceError.invalid([FieldIssue(field: "provider", message: "CARD orders are paid with POST …/payment/card")],
                                           detail: "This order is paid by card, not confirmed.")
        }
    }
}
