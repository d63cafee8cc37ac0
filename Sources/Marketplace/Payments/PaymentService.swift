/// Confirming payments (docs/API.md §5), recovering those left without an answer and refunding
/// them (§6), for every provider: the proof (`PaymentProof`) is the only per-provider part,
/// so the card route (issue #7) calls `confirm(_:proof:by:)` with `.card`.
///
/// Confirm, in three steps, never inside one transaction with the gateway call:
/// 1. Checks (own order, still pending, amount equal to the stored one — a mismatch fails the
///    order in ONE transaction, stock returned, and the gateway is never asked), then ONE
///    transaction moves the payment `READY → IN_PROGRESS` guarded in SQL, with a lease of
///    `2 × gatewayTimeout + margin` (`PaymentSettings.lease`). Of concurrent confirms (and
///    the expiry worker) one wins.
/// 2. The gateway call, outside any transaction and lock, with the payment's stable
///    idempotency key (`PaymentKeys.confirm`), so no retry can charge twice.
/// 3. ONE transaction records the answer: approved → DONE, order PAID, cart lines gone;
///    declined → ABORTED, order PAYMENT_FAILED, stock returned; no answer → UNKNOWN.
/// A crash between 1 and 3 leaves the payment IN_PROGRESS with a lease; once it expires the
/// recovery worker (on the next start, or another server) asks the gateway and settles it.
public struct PaymentService: Sendable {
    let orders: any OrderRepository
    let payments: any PaymentRepository
    let gateways: [PaymentProvider: any PaymentGateway]
    let locks: ProductLocks
    let generation: CatalogGeneration
    let clock: any WallClock
    let settings: PaymentSettings
    /// Called when a payment is left for the recovery worker (wakes it).
    let unsettled: @Sendable () -> Void

    public init(orders: any OrderRepository, payments: any PaymentRepository, gateways: [PaymentProvider: any PaymentGateway],
                locks: ProductLocks, generation: CatalogGeneration, clock: any WallClock, settings: PaymentSettings,
                unsettled: @escaping @Sendable () -> Void = {}) {
        self.orders = orders
        self.payments = payments
        self.gateways = gateways
        self.locks = locks
        self.generation = generation
        self.clock = clock
        self.settings = settings
        self.unsettled = unsettled
    }

    /// A confirm's result: `settled` false means 202 (the payment is UNKNOWN).
    public struct Confirmation: Sendable {
        public let order: Order
        public let settled: Bool
    }

    /// `POST /orders/{id}/payment/confirm` for TOSS `{paymentKey, amount}` and KAKAOPAY `{pgToken}`.
    public func confirm(_ id: String, form: PaymentConfirmForm, by principal: Principal) async throws -> Confirmation {
        let order = try await customerOrder(id, principal)
        let proof = try Self.proof(for: order, form: form)
        return try await confirm(order, proof: proof, by: principal)
    }

    /// The provider-neutral pipeline (the card route's entry point too).
    public func confirm(_ order: Order, proof: PaymentProof, by principal: Principal) async throws -> Confirmation {
        let actor = OrderHistoryEntry.actor(principal)
        guard order.status == .pendingPayment, order.payment.status == .ready else { return try Self.repeated(order, proof: proof) }
        guard let gateway = gateways[order.payment.provider] else {
            throw MarketplaceError.paymentProviderUnavailable(detail: "Payments with \(order.payment.provider.rawValue) are not available now.")
        }
        if case .toss(_, let amount) = proof, amount != order.payment.amount {
            // Tampering (or a stale checkout): fail the order here, before any gateway call.
            let failed = try await locks.withLocks(order.items.map(\.productID)) {
                try await payments.failBeforeGateway(order.id, by: actor, at: clock.now())
            }
            guard failed != nil else { return try await lostRace(order.id, proof: proof) }
            generation.advance()
            throw MarketplaceError.validation(code: "PAYMENT_AMOUNT_MISMATCH", detail:
                "The amount \(amount) is not the order's \(order.payment.amount); the order failed and nothing was charged.", issues: [])
        }
        let now = clock.now()
        var paymentKey: String?, token: String?
        switch proof {
        case .toss(let key, _): paymentKey = key
        case .kakaoPay(_, let pgToken): token = pgToken
        case .card: break   // card data is never stored
        }
        // Step 1: the claim (one transaction, guarded READY → IN_PROGRESS).
        guard let claimed = try await payments.beginConfirm(order.id, paymentKey: paymentKey, proofToken: token,
                                                            leaseUntil: now + settings.lease, at: now) else {
            return try await lostRace(order.id, proof: proof)
        }
        // Step 2: outside any transaction. Step 3: settle in one transaction.
        let outcome: ConfirmOutcome?
        do {
            outcome = try await gateway.confirm(Self.paymentOrder(claimed), proof: proof, idempotencyKey: PaymentKeys.confirm(claimed.payment.id))
        } catch {
            outcome = nil   // GatewayError or anything unexpected: the money may have moved.
        }
        return try await settle(claimed, outcome: outcome, by: actor, recoveryAttempt: 0)
    }

    /// Records a gateway's answer about `order`'s payment (IN_PROGRESS or UNKNOWN).
    /// `recoveryAttempt` 0 is a live confirm.
    func settle(_ order: Order, outcome: ConfirmOutcome?, by actor: String, recoveryAttempt: Int) async throws -> Confirmation {
        let paymentID = order.payment.id
        switch outcome {
        case .approved(let approval)?:
            if let paid = try await payments.recordApproval(payment: paymentID, approval, by: actor, at: clock.now()) {
                return Confirmation(order: paid, settled: true)
            }
        case .declined(let code, let message)?:
            let failed = try await locks.withLocks(order.items.map(\.productID)) {
                try await payments.recordFailure(payment: paymentID, by: actor, at: clock.now())
            }
            if failed != nil {
                generation.advance()
                throw MarketplaceError.paymentRejected(detail: "\(order.payment.provider.rawValue) declined the payment (\(code)): \(message)")
            }
        case nil:
            let now = clock.now()
            if let unknown = try await payments.recordUnknown(payment: paymentID, nextAttemptAt: now + settings.backoff(after: recoveryAttempt + 1),
                                                              at: now) {
                unsettled()
                return Confirmation(order: unknown, settled: false)
            }
        }
        // Another writer settled it first: report what it decided.
        guard let current = try await orders.find(order.id) else { throw OrderService.notFound }
        return Confirmation(order: current, settled: ![.inProgress, .unknown].contains(current.payment.status))
    }

    /// A confirm of an order whose payment is not READY never calls the gateway: a PAID
    /// order confirmed again with its own paymentKey → its order (200); anything else → 409,
    /// a canceled (or shipped) order with its old paymentKey included.
    static func repeated(_ order: Order, proof: PaymentProof) throws -> Confirmation {
        let expired = MarketplaceError.conflict(code: "ORDER_EXPIRED", detail: "The order expired before it was paid; place it again.")
        switch order.payment.status {
        case .done, .partialCanceled, .canceled:
            if case .toss(let key, _) = proof, key == order.payment.paymentKey, order.status == .paid {
                return Confirmation(order: order, settled: true)
            }
            if order.status != .paid {
                throw MarketplaceError.conflict(code: "ALREADY_PROCESSED", detail: "This order is \(order.status.rawValue); it cannot be confirmed again.")
            }
            throw MarketplaceError.conflict(code: "ALREADY_PROCESSED", detail: "This order's payment was already approved.")
        case .inProgress, .unknown:
            throw MarketplaceError.conflict(code: "PAYMENT_IN_PROGRESS",
                                            detail: "This order's payment is being confirmed; read the order for its outcome.")
        case .expired:
            throw expired
        case .ready where order.status == .pendingPayment:
            // Still READY after a lost guard: past expiresAt, not swept yet.
            throw expired
        case .ready, .aborted:
            throw MarketplaceError.conflict(code: "ALREADY_PROCESSED", detail: "This order is \(order.status.rawValue); it cannot be paid.")
        }
    }

    /// A guarded step lost (a concurrent confirm, cancel or expiry, or the clock): re-read and say why.
    private func lostRace(_ id: OrderID, proof: PaymentProof) async throws -> Confirmation {
        guard let current = try await orders.find(id) else { throw OrderService.notFound }
        return try Self.repeated(current, proof: proof)
    }

    /// The customer's own order. Errors: 404 `ORDER_NOT_FOUND`.
    public func customerOrder(_ id: String, _ principal: Principal) async throws -> Order {
        try OrderService.requireRole(.customer, principal)
        guard let id = OrderID(rawValue: id), let order = try await orders.find(id), order.customerID == principal.userID else {
            throw OrderService.notFound
        }
        return order
    }

    /// What the gateway is told: the order, for the amount the payment takes.
    static func paymentOrder(_ order: Order) -> PaymentOrder {
        var told = OrderService.paymentOrder(order)
        told.amount = order.payment.amount
        told.taxFreeAmount = order.payment.taxFreeAmount
        told.vat = order.payment.vat
        return told
    }
}

/// A confirm's body, as the client sent it.
public struct PaymentConfirmForm: Sendable {
    public var paymentKey: String?
    public var amount: Int64?
    public var pgToken: String?

    public init(paymentKey: String?, amount: Int64?, pgToken: String?) {
        self.paymentKey = paymentKey
        self.amount = amount
        self.pgToken = pgToken
    }
}
