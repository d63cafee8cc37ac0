import FoundationEssentials
import Marketplace
import Synchronization

/// A simulator of Toss Payments' v1 payment API (docs/API.md §6): Basic auth with the configured
/// secret key, `Idempotency-Key` on POSTs (one answer per key, kept), at most one confirmed
/// payment per orderId, amounts checked against what the checkout authorized, partial
/// cancels tracking `balanceAmount` and `cancels[]`. Error bodies are Toss's `{code, message}`.
final class TossSandbox: Sendable {
    let store: SandboxStore<TossSandboxState>
    let faults: SandboxFaults
    private let expectedAuthorization: String
    private let clock: any WallClock
    /// Idempotency keys whose first request is still running (`409 IDEMPOTENT_REQUEST_PROCESSING`).
    private let running = Mutex<Set<String>>([])

    init(directory: String, secretKey: String, faults: SandboxFaults, clock: any WallClock) throws {
        store = try SandboxStore(directory: directory, name: "toss", empty: TossSandboxState())
        self.faults = faults
        self.clock = clock
        expectedAuthorization = "Basic " + Data((secretKey + ":").utf8).base64EncodedString()
    }

    // MARK: Checkout (what Toss's payment window does in the browser)

    /// Records a completed checkout and returns its fresh `paymentKey`.
    func authorize(orderId: String, orderName: String, amount: Int64, taxFreeAmount: Int64) throws -> String {
        let paymentKey = SandboxIDs.make("tsbx_", length: 50)
        let now = clock.now()
        try store.update { state in
            state.authorizations[paymentKey] = .init(paymentKey: paymentKey, orderId: orderId, orderName: orderName, amount: amount,
                                                     taxFreeAmount: taxFreeAmount, requestedAt: now)
        }
        return paymentKey
    }

    // MARK: The API

    func isAuthorized(_ header: String?) -> Bool { header == expectedAuthorization }

    static let unauthorized = error(401, "UNAUTHORIZED_KEY", "The secret key or client key is not authorized.")

    /// `POST /v1/payments/confirm`.
    func confirm(body: [UInt8], idempotencyKey: String?) async -> SandboxReply {
        let fault = faults.take(.toss, .confirm)
        switch fault?.mode {
        case .error500?: return Self.internalError
        case .reject?: return Self.error(403, "REJECT_CARD_PAYMENT", "The card was declined: limit exceeded or insufficient balance.")
        case .timeout?:
            await faults.delay(for: fault)
            return Self.internalError
        case .slow?: await faults.delay(for: fault)
        case .approveThenTimeout?, nil: break
        }
        let reply = once(idempotencyKey.map { "confirm:" + $0 }) { state in self.confirm(body, in: &state) }
        if fault?.mode == .approveThenTimeout { await faults.delay(for: fault) }
        return reply
    }

    /// `POST /v1/payments/{paymentKey}/cancel`.
    func cancel(paymentKey: String, body: [UInt8], idempotencyKey: String?) async -> SandboxReply {
        let fault = faults.take(.toss, .cancel)
        switch fault?.mode {
        case .error500?: return Self.internalError
        case .reject?: return Self.error(403, "NOT_CANCELABLE_PAYMENT", "This payment cannot be canceled.")
        case .timeout?:
            await faults.delay(for: fault)
            return Self.internalError
        case .slow?: await faults.delay(for: fault)
        case .approveThenTimeout?, nil: break
        }
        let reply = once(idempotencyKey.map { "cancel:\(paymentKey):" + $0 }) { state in
            self.cancel(paymentKey, body, in: &state)
        }
        if fault?.mode == .approveThenTimeout { await faults.delay(for: fault) }
        return reply
    }

    /// `GET /v1/payments/{paymentKey}` or, with `orderId`, `GET /v1/payments/orders/{orderId}`.
    func lookup(paymentKey: String? = nil, orderId: String? = nil) async -> SandboxReply {
        let fault = faults.take(.toss, .lookup)
        switch fault?.mode {
        case .error500?: return Self.internalError
        case .reject?: return Self.error(403, "FORBIDDEN_REQUEST", "This request is not allowed.")
        case .timeout?, .approveThenTimeout?:
            await faults.delay(for: fault)
            return Self.internalError
        case .slow?: await faults.delay(for: fault)
        case nil: break
        }
        let found: SandboxReply? = store.read { state in
            let key = paymentKey ?? orderId.flatMap { state.confirmedOrders[$0] }
            if let key, let payment = state.payments[key], orderId == nil || payment.orderId == orderId {
                return .json(200) { TossSandboxJSON.write(payment, to: &$0) }
            }
            // Authenticated at checkout, not confirmed: Toss shows it IN_PROGRESS.
            let pending = state.authorizations.values
                .filter { (paymentKey == nil || $0.paymentKey == paymentKey) && (orderId == nil || $0.orderId == orderId) }
                .max { $0.requestedAt < $1.requestedAt }
            return pending.map { authorization in .json(200) { TossSandboxJSON.write(pending: authorization, to: &$0) } }
        }
        return found ?? Self.error(404, "NOT_FOUND_PAYMENT", "The payment does not exist.")
    }

    // MARK: Idempotency

    /// Runs `body` once per key: a kept answer is replayed, a key still running is refused.
    /// Answers and the state they report are saved together. 5xx answers are not kept.
    private func once(_ key: String?, _ body: (inout TossSandboxState) -> SandboxReply) -> SandboxReply {
        if let key {
            if key.count > 300 { return Self.error(400, "INVALID_IDEMPOTENCY_KEY", "An idempotency key is at most 300 characters.") }
            if let kept = store.read({ $0.replies[key] }) { return kept }
            let busy = running.withLock { !$0.insert(key).inserted }
            if busy { return Self.error(409, "IDEMPOTENT_REQUEST_PROCESSING", "An earlier request with this key is still running.") }
        }
        defer { if let key { _ = running.withLock { $0.remove(key) } } }
        do {
            return try store.update { state in
                if let key, let kept = state.replies[key] { return kept }
                let reply = body(&state)
                if let key, reply.status < 500 { state.replies[key] = reply }
                return reply
            }
        } catch {
            return Self.internalError
        }
    }

    // MARK: The rules

    private func confirm(_ body: [UInt8], in state: inout TossSandboxState) -> SandboxReply {
        guard let json = SandboxJSON(body), let paymentKey = json.string("paymentKey"), let orderId = json.string("orderId"),
              let amount = json.int("amount") else {
            return Self.error(400, "INVALID_REQUEST", "paymentKey, orderId and amount are required.")
        }
        guard let authorization = state.authorizations[paymentKey] else {
            if state.payments[paymentKey] != nil {
                return Self.error(400, "ALREADY_PROCESSED_PAYMENT", "This payment has already been processed.")
            }
            return Self.error(404, "NOT_FOUND_PAYMENT_SESSION", "No payment session: it expired or never existed.")
        }
        guard authorization.orderId == orderId else {
            return Self.error(400, "INVALID_REQUEST", "The orderId is not the one this payment was requested for.")
        }
        guard authorization.amount == amount else {
            return Self.error(400, "INVALID_REQUEST", "The amount differs from the amount the customer approved.")
        }
        guard state.confirmedOrders[orderId] == nil else {
            return Self.error(400, "ALREADY_PROCESSED_PAYMENT", "This payment has already been processed.")
        }
        let taxable = authorization.amount - authorization.taxFreeAmount
        let payment = TossSandboxState.Payment(
            paymentKey: paymentKey, orderId: orderId, orderName: authorization.orderName, status: "DONE",
            totalAmount: amount, balanceAmount: amount, taxFreeAmount: authorization.taxFreeAmount,
            vat: (2 * taxable + 11) / 22, requestedAt: authorization.requestedAt, approvedAt: clock.now(),
            lastTransactionKey: SandboxIDs.make("", length: 32, upper: true))
        state.authorizations[paymentKey] = nil
        state.payments[paymentKey] = payment
        state.confirmedOrders[orderId] = paymentKey
        return .json(200) { TossSandboxJSON.write(payment, to: &$0) }
    }

    private func cancel(_ paymentKey: String, _ body: [UInt8], in state: inout TossSandboxState) -> SandboxReply {
        guard let json = SandboxJSON(body), let reason = json.string("cancelReason") else {
            return Self.error(400, "INVALID_REQUEST", "cancelReason is required.")
        }
        guard var payment = state.payments[paymentKey] else {
            return Self.error(404, "NOT_FOUND_PAYMENT", "The payment does not exist.")
        }
        if payment.status == "CANCELED" { return Self.error(400, "ALREADY_CANCELED_PAYMENT", "The payment is already canceled.") }
        let amount = json.int("cancelAmount") ?? payment.balanceAmount
        let taxFreeLeft = payment.taxFreeAmount - payment.cancels.reduce(0) { $0 + $1.taxFreeAmount }
        let taxFree = json.int("taxFreeAmount") ?? 0
        guard amount > 0, taxFree >= 0 else { return Self.error(400, "INVALID_REQUEST", "cancelAmount must be positive.") }
        guard amount <= payment.balanceAmount, taxFree <= taxFreeLeft, taxFree <= amount else {
            return Self.error(403, "NOT_CANCELABLE_AMOUNT", "The amount cannot be canceled: it exceeds what is left.")
        }
        payment.balanceAmount -= amount
        payment.status = payment.balanceAmount == 0 ? "CANCELED" : "PARTIAL_CANCELED"
        payment.lastTransactionKey = SandboxIDs.make("", length: 32, upper: true)
        payment.cancels.append(.init(cancelAmount: amount, taxFreeAmount: taxFree, cancelReason: reason, canceledAt: clock.now(),
                                     transactionKey: payment.lastTransactionKey, refundableAmount: payment.balanceAmount))
        state.payments[paymentKey] = payment
        return .json(200) { TossSandboxJSON.write(payment, to: &$0) }
    }

    static let internalError = error(500, "FAILED_INTERNAL_SYSTEM_PROCESSING", "An internal error occurred; please retry.")

    static func error(_ status: Int, _ code: String, _ message: String) -> SandboxReply {
        .json(status) { json in
            json.beginObject()
            json.member("code", code)
            json.member("message", message)
            json.endObject()
        }
    }
}
