public import Marketplace
import Synchronization

/// Card payments as `OrderStore+Cards` stores them: the card's claim and sealed
/// block written in the transaction that moves the payment to IN_PROGRESS, and the vault
/// the CARD adapter rebuilds a CANCEL from.
extension InMemoryOrderRepository: CardPaymentRepository, CardVault {
    public func beginCardConfirm(_ order: OrderID, _ card: SealedCardPayment, leaseUntil: Double,
                                 at time: Double) async throws -> Order? {
        try transaction { state, _, _ in
            guard var row = state.rows[order], row.order.payment.status == .ready, row.order.payment.provider == .card,
                  row.order.status == .pendingPayment, row.order.expiresAt > time else { return nil }
            row.order.payment.status = .inProgress
            row.order.payment.tid = card.managementId
            row.order.payment.card = PaymentCard(maskedNumber: card.masked.maskedNumber, expiry: card.masked.expiry)
            row.order.payment.attempts += 1
            row.sealedCard = card.sealedCard
            row.lockedUntil = leaseUntil
            row.nextAttemptAt = nil
            row.paymentUpdatedAt = time
            // The card's claim: a lapsed one gives way; a live one refuses, and the throw discards the move above.
            if let lock = state.cardLocks[card.fingerprint], lock.until > time {
                throw MarketplaceError.conflict(code: "CONCURRENT_REQUEST",
                                                detail: "This card is being charged by another payment right now; try again.")
            }
            state.cardLocks[card.fingerprint] = CardLock(payment: row.order.payment.id, until: leaseUntil)
            state.rows[order] = row
            return row.order
        }
    }

    public func sealedCard(forPayment managementId: String) async throws -> String? {
        state.withLock { state in
            state.rows.values.first { $0.order.payment.provider == .card && $0.order.payment.tid == managementId }?.sealedCard
        }
    }
}
