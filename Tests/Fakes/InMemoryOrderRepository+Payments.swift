public import Marketplace
import Synchronization

/// Confirm, recovery and refunds with `OrderStore+Payments`' guards: each method is
/// one transaction whose first step is the guarded status (lease, claim) check; everything
/// else — stock, lines, cart, history, events — happens only when it held.
extension InMemoryOrderRepository: PaymentRepository {
    public func order(ofPayment id: String) async throws -> Order? {
        state.withLock { state in
            let orders = state.rows.values.map(\.order)
            return orders.first { $0.payment.id == id }
                ?? orders.first { $0.payment.provider == .card && $0.payment.tid == id }
                ?? orders.first { $0.payment.provider == .card && $0.payment.cancels.contains { $0.tid == id } }
        }
    }

    public func failBeforeGateway(_ order: OrderID, by actor: String, at time: Double) async throws -> Order? {
        try transaction { state, _, products in
            guard var row = state.rows[order], row.order.payment.status == .ready, row.order.status == .pendingPayment else { return nil }
            row.order.payment.status = .aborted
            row.order.payment.balanceAmount = 0
            row.order.payment.balanceVat = 0
            row.paymentUpdatedAt = time
            try Self.settleOrder(&row, to: .paymentFailed, returnStock: true, by: actor, at: time, products: &products)
            state.rows[order] = row
            state.events.append(RecordedEvent(type: .orderPaymentFailed, order: row.order))
            return row.order
        }
    }

    public func beginConfirm(_ order: OrderID, paymentKey: String?, proofToken: String?, leaseUntil: Double,
                             at time: Double) async throws -> Order? {
        try transaction { state, _, _ in
            // The expiry's guard too (payment READY): of a confirm and an expiry, the first wins.
            guard var row = state.rows[order], row.order.payment.status == .ready, row.order.status == .pendingPayment,
                  row.order.expiresAt > time else { return nil }
            row.order.payment.status = .inProgress
            row.order.payment.paymentKey = paymentKey ?? row.order.payment.paymentKey
            row.order.payment.attempts += 1
            row.proofToken = proofToken
            row.lockedUntil = leaseUntil
            row.nextAttemptAt = nil
            row.paymentUpdatedAt = time
            state.rows[order] = row
            return row.order
        }
    }

    public func recordApproval(payment id: String, _ approval: GatewayApproval, by actor: String,
                               at time: Double) async throws -> Order? {
        try transaction { state, lines, products in
            guard var row = Self.unsettled(id, in: state) else { return nil }
            row.order.payment.status = .done
            row.order.payment.paymentKey = approval.paymentKey ?? row.order.payment.paymentKey
            row.order.payment.tid = approval.tid ?? row.order.payment.tid
            row.order.payment.approvedAt = approval.approvedAt
            Self.release(&row, in: &state, at: time)
            try Self.settleOrder(&row, to: .paid, returnStock: false, by: actor, at: time, products: &products)
            // The paid products leave the cart (whole lines).
            let paid = Set(row.order.items.filter { $0.status == .ordered }.map(\.productID))
            lines.removeAll { $0.customer == row.order.customerID && paid.contains($0.product) }
            state.rows[row.order.id] = row
            state.events.append(RecordedEvent(type: .orderPaid, order: row.order))
            return row.order
        }
    }

    public func recordFailure(payment id: String, by actor: String, at time: Double) async throws -> Order? {
        try transaction { state, _, products in
            guard var row = Self.unsettled(id, in: state) else { return nil }
            row.order.payment.status = .aborted
            row.order.payment.balanceAmount = 0
            row.order.payment.balanceVat = 0
            Self.release(&row, in: &state, at: time)
            try Self.settleOrder(&row, to: .paymentFailed, returnStock: true, by: actor, at: time, products: &products)
            state.rows[row.order.id] = row
            state.events.append(RecordedEvent(type: .orderPaymentFailed, order: row.order))
            return row.order
        }
    }

    public func recordUnknown(payment id: String, nextAttemptAt: Double, at time: Double) async throws -> Order? {
        try transaction { state, _, _ in
            guard var row = Self.unsettled(id, in: state) else { return nil }
            row.order.payment.status = .unknown
            row.lockedUntil = nil
            row.nextAttemptAt = nextAttemptAt
            row.paymentUpdatedAt = time
            state.rows[row.order.id] = row
            return row.order
        }
    }

    public func dueForRecovery(at time: Double, limit: Int) async throws -> [String] {
        state.withLock { state in
            state.rows.values.filter { Self.due($0, at: time) }.sorted { $0.paymentUpdatedAt < $1.paymentUpdatedAt }.prefix(limit)
                .map(\.order.payment.id)
        }
    }

    public func claimRecovery(payment id: String, leaseUntil: Double, at time: Double) async throws -> RecoveryClaim? {
        try transaction { state, _, _ in
            guard var row = state.rows.values.first(where: { $0.order.payment.id == id }), Self.due(row, at: time) else { return nil }
            row.order.payment.attempts += 1
            row.lockedUntil = leaseUntil
            row.paymentUpdatedAt = time
            state.rows[row.order.id] = row
            return RecoveryClaim(order: row.order, proofToken: row.proofToken)
        }
    }

    public func nextRecovery() async throws -> Double? {
        state.withLock { state in
            state.rows.values.compactMap { row -> Double? in
                switch row.order.payment.status {
                case .inProgress: row.lockedUntil
                case .unknown: row.nextAttemptAt.map { max($0, row.lockedUntil ?? 0) }
                default: nil
                }
            }.min()
        }
    }

    public func claimCancel(payment id: String, leaseUntil: Double, at time: Double) async throws -> Order? {
        try transaction { state, _, _ in
            guard var row = state.rows.values.first(where: { $0.order.payment.id == id }),
                  [.done, .partialCanceled].contains(row.order.payment.status),
                  row.cancelClaimedUntil.map({ $0 <= time }) ?? true else { return nil }
            row.cancelClaimedUntil = leaseUntil
            state.rows[row.order.id] = row
            return row.order
        }
    }

    public func releaseCancel(payment id: String) async throws {
        _ = try transaction { state, _, _ in
            for (key, row) in state.rows where row.order.payment.id == id { state.rows[key]?.cancelClaimedUntil = nil }
        }
    }

    public func recordCancel(payment id: String, _ refund: RefundRecord, receipt: CancelReceipt, by actor: String,
                             at time: Double) async throws -> Order {
        try transaction { state, _, products in
            guard var row = state.rows.values.first(where: { $0.order.payment.id == id }),
                  [.done, .partialCanceled].contains(row.order.payment.status) else {
                throw InMemoryStoreError(description: "refund recorded on a payment no longer refundable")
            }
            let remaining = refund.split.remaining
            row.order.payment.status = remaining.isEmpty ? .canceled : .partialCanceled
            row.order.payment.balanceAmount = remaining.amount
            row.order.payment.balanceVat = remaining.vat
            row.order.payment.cancels.append(PaymentCancel(tid: receipt.tid, amount: refund.split.amount, vat: refund.split.vat,
                                                           reason: refund.reason,
                                                           canceledAt: receipt.canceledAt > 0 ? receipt.canceledAt : time))
            row.cancelClaimedUntil = nil
            row.paymentUpdatedAt = time
            let wasPaid = row.order.status == .paid
            if let lines = refund.lines {
                Self.cancelLines(lines, of: &row.order, reason: refund.reason, products: &products)
            } else if remaining.isEmpty, wasPaid {
                // An admin refund that empties a PAID order's balance cancels what is left of it.
                Self.returnStock(of: row.order, to: &products)
                for index in row.order.items.indices where row.order.items[index].status == .ordered {
                    row.order.items[index].status = .canceled
                }
            }
            let canceledNow = wasPaid && !row.order.items.contains { $0.status == .ordered }
            if canceledNow {
                row.order.status = .canceled
                row.order.history.append(OrderHistoryEntry(status: .canceled, at: time, by: actor))
            }
            row.order.updatedAt = time
            state.rows[row.order.id] = row
            state.events.append(RecordedEvent(type: .paymentRefunded, order: row.order))
            if refund.lines != nil {
                state.events.append(RecordedEvent(type: canceledNow ? .orderCanceled : .orderPartiallyCanceled, order: row.order))
            } else if canceledNow {
                state.events.append(RecordedEvent(type: .orderCanceled, order: row.order))
            }
            return row.order
        }
    }

    // MARK: Helpers, called inside a transaction

    /// The payment's row if it is IN_PROGRESS or UNKNOWN: the settling writers' guard.
    static func unsettled(_ payment: String, in state: State) -> Row? {
        state.rows.values.first { $0.order.payment.id == payment && [.inProgress, .unknown].contains($0.order.payment.status) }
    }

    /// Whether the recovery worker may take the payment at `time` (SQL's NULLs compare false).
    static func due(_ row: Row, at time: Double) -> Bool {
        switch row.order.payment.status {
        case .inProgress: row.lockedUntil.map { $0 <= time } ?? false
        case .unknown: (row.nextAttemptAt.map { $0 <= time } ?? false) && (row.lockedUntil.map { $0 <= time } ?? true)
        default: false
        }
    }

    /// A settled payment drops its lease and next attempt, and (the schema's trigger) its card's claim.
    static func release(_ row: inout Row, in state: inout State, at time: Double) {
        row.lockedUntil = nil
        row.nextAttemptAt = nil
        row.paymentUpdatedAt = time
        let payment = row.order.payment.id
        state.cardLocks = state.cardLocks.filter { $0.value.payment != payment }
    }

    /// The order's move out of PENDING_PAYMENT that goes with its payment's settled status.
    static func settleOrder(_ row: inout Row, to status: OrderStatus, returnStock: Bool, by actor: String, at time: Double,
                            products: inout [Product]) throws {
        guard row.order.status == .pendingPayment else {
            throw InMemoryStoreError(description: "a settling payment's order is not PENDING_PAYMENT")
        }
        if returnStock { Self.returnStock(of: row.order, to: &products) }
        row.order.status = status
        row.order.updatedAt = time
        row.order.history.append(OrderHistoryEntry(status: status, at: time, by: actor))
    }
}
