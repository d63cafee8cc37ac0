public import Marketplace

/// Card payments (issue #7): the card's claim and sealed data stored with the payment's move to
/// IN_PROGRESS, and the vault the CARD adapter rebuilds a CANCEL from. Only the sealed block,
/// the fingerprint (a keyed hash), the masked number and the expiry are ever written.
extension OrderStore: CardPaymentRepository, CardVault {
    public func beginCardConfirm(_ order: OrderID, _ card: SealedCardPayment, leaseUntil: Double,
                                 at time: Double) async throws -> Order? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time), lease = EpochMilliseconds.from(leaseUntil)
            // beginConfirm's guard (READY, order pending and not past expiresAt), plus the card.
            guard try connection.execute("""
                UPDATE payments SET status = 'IN_PROGRESS', tid = ?, card_data = ?, card_fingerprint = ?, card_masked_number = ?,
                                    card_expiry = ?, attempts = attempts + 1, locked_until = ?, next_attempt_at = NULL,
                                    updated_at = ?
                WHERE order_id = ? AND status = 'READY' AND provider = 'CARD'
                  AND EXISTS (SELECT 1 FROM orders o WHERE o.id = payments.order_id AND o.status = 'PENDING_PAYMENT'
                              AND o.expires_at > ?)
                """, card.managementId, card.sealedCard, card.fingerprint, card.masked.maskedNumber, card.masked.expiry, lease, now,
                order.rawValue, now) == 1,
                let paymentID = try connection.queryRow("SELECT id FROM payments WHERE order_id = ?", order.rawValue)?.string(0)
            else { return nil }
            // The card's claim: a lapsed one (a payment left UNKNOWN past its lease) gives way.
            try connection.execute("DELETE FROM card_locks WHERE fingerprint = ? AND locked_until <= ?", card.fingerprint, now)
            guard try connection.execute("""
                INSERT INTO card_locks (fingerprint, payment_id, locked_until) VALUES (?, ?, ?) ON CONFLICT DO NOTHING
                """, card.fingerprint, paymentID, lease) == 1 else {
                // Thrown inside the transaction: the payment's UPDATE above rolls back too.
                throw MarketplaceError.conflict(code: "CONCURRENT_REQUEST",
                                                detail: "This card is being charged by another payment right now; try again.")
            }
            return try Self.load(order, on: connection)
        }
    }

    public func sealedCard(forPayment managementId: String) async throws -> String? {
        try await database.read { connection in
            try connection.queryRow("SELECT card_data FROM payments WHERE tid = ? AND provider = 'CARD'", managementId)?.stringOrNil(0)
        }
    }
}
