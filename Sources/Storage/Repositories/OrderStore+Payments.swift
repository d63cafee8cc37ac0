public import Marketplace

/// Confirm, recovery and refunds (issue #6). Each method is ONE write transaction whose first
/// statement is a guarded UPDATE (status, lease or claim in the WHERE clause); everything else
/// it writes — stock, lines, cart, history — happens only when that UPDATE changed a row, so
/// concurrent confirms, the expiry worker, the recovery worker (of this or another server) and
/// cancels never apply a change twice. A crash inside a transaction rolls all of it back.
/// Each settled change appends its event to the outbox (§7) in the same transaction:
/// `order.paid`, `order.payment_failed`, `order.canceled` / `order.partially_canceled`,
/// `payment.refunded` — no event without its change, no change without its event.
extension OrderStore: PaymentRepository {
    public func order(ofPayment id: String) async throws -> Order? {
        try await database.read { connection in
            // By the payment's id or, for CARD, the management id of the payment or of one of its cancels.
            guard let orderID = try connection.queryRow("""
                SELECT order_id FROM payments WHERE id = ?
                UNION ALL SELECT order_id FROM payments WHERE provider = 'CARD' AND tid = ?
                UNION ALL SELECT p.order_id FROM payment_cancels c JOIN payments p ON p.id = c.payment_id
                          WHERE p.provider = 'CARD' AND c.tid = ?
                LIMIT 1
                """, id, id, id)?.string(0) else { return nil }
            return try OrderRow.load(orderID, on: connection)
        }
    }

    public func failBeforeGateway(_ order: OrderID, by actor: String, at time: Double) async throws -> Order? {
        try await written { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payments SET status = 'ABORTED', balance_amount = 0, balance_vat = 0, updated_at = ?
                WHERE order_id = ? AND status = 'READY'
                  AND EXISTS (SELECT 1 FROM orders o WHERE o.id = payments.order_id AND o.status = 'PENDING_PAYMENT')
                """, now, order.rawValue) == 1 else { return nil }
            try Self.settleOrder(order, to: .paymentFailed, returnStock: true, by: actor, at: now, on: connection)
            let failed = try Self.load(order, on: connection)
            try outbox?.append(NewEvent(.orderPaymentFailed, order: failed, at: time), on: connection)
            return failed
        }
    }

    public func beginConfirm(_ order: OrderID, paymentKey: String?, proofToken: String?, leaseUntil: Double,
                             at time: Double) async throws -> Order? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            // The same guard as expiry's (payment READY): of a confirm and an expiry racing,
            // whichever commits first wins and the other's UPDATE matches no row.
            guard try connection.execute("""
                UPDATE payments SET status = 'IN_PROGRESS', payment_key = coalesce(?, payment_key), proof_token = ?,
                                    attempts = attempts + 1, locked_until = ?, next_attempt_at = NULL, updated_at = ?
                WHERE order_id = ? AND status = 'READY'
                  AND EXISTS (SELECT 1 FROM orders o WHERE o.id = payments.order_id AND o.status = 'PENDING_PAYMENT'
                              AND o.expires_at > ?)
                """, paymentKey, proofToken, EpochMilliseconds.from(leaseUntil), now, order.rawValue, now) == 1
            else { return nil }
            return try Self.load(order, on: connection)
        }
    }

    public func recordApproval(payment id: String, _ approval: GatewayApproval, by actor: String,
                               at time: Double) async throws -> Order? {
        try await written { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payments SET status = 'DONE', payment_key = coalesce(?, payment_key), tid = coalesce(?, tid),
                                    approved_at = ?, locked_until = NULL, next_attempt_at = NULL, updated_at = ?
                WHERE id = ? AND status IN ('IN_PROGRESS', 'UNKNOWN')
                """, approval.paymentKey, approval.tid, EpochMilliseconds.from(approval.approvedAt), now, id) == 1
            else { return nil }
            guard let orderID = try Self.orderID(ofPayment: id, on: connection) else { return nil }
            // PENDING_PAYMENT is the only status a payment IN_PROGRESS/UNKNOWN can sit under.
            try Self.settleOrder(orderID, to: .paid, returnStock: false, by: actor, at: now, on: connection)
            // The ledger's SALE and COMMISSION entries commit with the payment, or not at all.
            try Self.appendSale(of: orderID, policy: settlement, at: now, on: connection)
            // The paid products leave the cart (whole lines: the customer bought them).
            try connection.execute("""
                DELETE FROM cart_items WHERE customer_id = (SELECT customer_id FROM orders WHERE id = ?)
                  AND product_id IN (SELECT product_id FROM order_items WHERE order_id = ? AND status = 'ORDERED')
                """, orderID.rawValue, orderID.rawValue)
            let paid = try Self.load(orderID, on: connection)
            try outbox?.append(NewEvent(.orderPaid, order: paid, at: time), on: connection)
            return paid
        }
    }

    public func recordFailure(payment id: String, by actor: String, at time: Double) async throws -> Order? {
        try await written { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payments SET status = 'ABORTED', balance_amount = 0, balance_vat = 0, locked_until = NULL,
                                    next_attempt_at = NULL, updated_at = ?
                WHERE id = ? AND status IN ('IN_PROGRESS', 'UNKNOWN')
                """, now, id) == 1 else { return nil }
            guard let orderID = try Self.orderID(ofPayment: id, on: connection) else { return nil }
            try Self.settleOrder(orderID, to: .paymentFailed, returnStock: true, by: actor, at: now, on: connection)
            let failed = try Self.load(orderID, on: connection)
            try outbox?.append(NewEvent(.orderPaymentFailed, order: failed, at: time), on: connection)
            return failed
        }
    }

    public func recordUnknown(payment id: String, nextAttemptAt: Double, at time: Double) async throws -> Order? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payments SET status = 'UNKNOWN', locked_until = NULL, next_attempt_at = ?, updated_at = ?
                WHERE id = ? AND status IN ('IN_PROGRESS', 'UNKNOWN')
                """, EpochMilliseconds.from(nextAttemptAt), now, id) == 1,
                let orderID = try Self.orderID(ofPayment: id, on: connection) else { return nil }
            return try Self.load(orderID, on: connection)
        }
    }

    /// The condition of a payment the worker may take at `?` (bound twice).
    private static let due = """
        ((status = 'IN_PROGRESS' AND locked_until <= ?)
         OR (status = 'UNKNOWN' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)))
        """

    public func dueForRecovery(at time: Double, limit: Int) async throws -> [String] {
        try await database.read { connection in
            let now = EpochMilliseconds.from(time)
            return try connection.query("SELECT id FROM payments WHERE \(Self.due) ORDER BY updated_at LIMIT ?", now, now, now, limit)
                .map { try $0.string(0) }
        }
    }

    public func claimRecovery(payment id: String, leaseUntil: Double, at time: Double) async throws -> RecoveryClaim? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payments SET attempts = attempts + 1, locked_until = ?, updated_at = ? WHERE id = ? AND \(Self.due)
                """, EpochMilliseconds.from(leaseUntil), now, id, now, now, now) == 1,
                let orderID = try Self.orderID(ofPayment: id, on: connection) else { return nil }
            let token = try connection.queryRow("SELECT proof_token FROM payments WHERE id = ?", id)?.stringOrNil(0)
            return RecoveryClaim(order: try Self.load(orderID, on: connection), proofToken: token)
        }
    }

    public func nextRecovery() async throws -> Double? {
        try await database.read { connection in
            try connection.queryRow("""
                SELECT min(CASE WHEN status = 'IN_PROGRESS' THEN locked_until
                                WHEN coalesce(locked_until, 0) > next_attempt_at THEN coalesce(locked_until, 0)
                                ELSE next_attempt_at END)
                FROM payments WHERE status IN ('IN_PROGRESS', 'UNKNOWN')
                """)?.int64OrNil(0).map(EpochMilliseconds.seconds)
        }
    }

    public func claimCancel(payment id: String, leaseUntil: Double, at time: Double) async throws -> Order? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payments SET cancel_claimed_until = ?
                WHERE id = ? AND status IN ('DONE', 'PARTIAL_CANCELED')
                  AND (cancel_claimed_until IS NULL OR cancel_claimed_until <= ?)
                """, EpochMilliseconds.from(leaseUntil), id, now) == 1,
                let orderID = try Self.orderID(ofPayment: id, on: connection) else { return nil }
            return try Self.load(orderID, on: connection)
        }
    }

    public func releaseCancel(payment id: String) async throws {
        try await database.write { connection in
            _ = try connection.execute("UPDATE payments SET cancel_claimed_until = NULL WHERE id = ?", id)
        }
    }

    public func recordCancel(payment id: String, _ refund: RefundRecord, receipt: CancelReceipt, by actor: String,
                             at time: Double) async throws -> Order {
        try await written { connection in
            let now = EpochMilliseconds.from(time)
            let remaining = refund.split.remaining
            let status: PaymentStatus = remaining.isEmpty ? .canceled : .partialCanceled
            // The claim holder alone gets here; the status guard is a second, independent check.
            guard try connection.execute("""
                UPDATE payments SET status = ?, balance_amount = ?, balance_vat = ?, cancel_claimed_until = NULL, updated_at = ?
                WHERE id = ? AND status IN ('DONE', 'PARTIAL_CANCELED')
                """, status.rawValue, remaining.amount, remaining.vat, now, id) == 1,
                let orderID = try Self.orderID(ofPayment: id, on: connection) else {
                throw SQLiteError(extendedCode: SQLite3.Code.error, message: "refund recorded on a payment no longer refundable")
            }
            try connection.execute("""
                INSERT INTO payment_cancels (payment_id, tid, amount, vat, reason, canceled_at) VALUES (?, ?, ?, ?, ?, ?)
                """, id, receipt.tid, refund.split.amount, refund.split.vat, refund.reason,
                receipt.canceledAt > 0 ? EpochMilliseconds.from(receipt.canceledAt) : now)
            let orderStatus = try connection.queryRow("SELECT status FROM orders WHERE id = ?", orderID.rawValue)?.string(0)
            // The ledger's REFUND and COMMISSION_REFUND entries, in this transaction with the
            // cancel row and the balance: they sum to exactly `split.amount`, what the gateway refunded.
            let canceled = try refund.lines.map { try Self.canceledValue($0, of: orderID, on: connection) } ?? [:]
            try Self.appendRefund(of: orderID, amount: refund.split.amount, canceled: canceled, at: now, on: connection)
            if let lines = refund.lines {
                try Self.cancelLines(lines, of: orderID, reason: refund.reason, on: connection)
            } else if remaining.isEmpty, orderStatus == OrderStatus.paid.rawValue {
                // An admin refund that empties a PAID order's balance cancels what is left of it.
                try Self.returnStock(of: orderID, on: connection)
                try connection.execute("UPDATE order_items SET status = 'CANCELED', cancel_reason = ? WHERE order_id = ? AND status = 'ORDERED'",
                                       refund.reason, orderID.rawValue)
            }
            let anyOrdered = try Self.items(of: orderID, on: connection).contains { $0.status == .ordered }
            let canceledNow = !anyOrdered && orderStatus == OrderStatus.paid.rawValue
            if canceledNow {
                try connection.execute("UPDATE orders SET status = 'CANCELED', updated_at = ? WHERE id = ?", now, orderID.rawValue)
                try Self.record(.canceled, of: orderID, by: actor, at: now, on: connection)
            } else {
                try connection.execute("UPDATE orders SET updated_at = ? WHERE id = ?", now, orderID.rawValue)
            }
            let order = try Self.load(orderID, on: connection)
            // The outbox (§7), in this same transaction: every refund — a customer's cancel of
            // paid lines as an admin's — reports the money moved (`payment.refunded`), then what
            // became of the order: a customer's cancel reports it canceled or partially
            // canceled, an admin refund its cancel when it emptied a PAID order.
            try outbox?.append(NewEvent(.paymentRefunded, order: order, at: time), on: connection)
            if refund.lines != nil {
                try outbox?.append(NewEvent(canceledNow ? .orderCanceled : .orderPartiallyCanceled, order: order, at: time),
                                   on: connection)
            } else if canceledNow {
                try outbox?.append(NewEvent(.orderCanceled, order: order, at: time), on: connection)
            }
            return order
        }
    }

    // MARK: Helpers, called inside a write transaction

    static func orderID(ofPayment id: String, on connection: Connection) throws -> OrderID? {
        try connection.queryRow("SELECT order_id FROM payments WHERE id = ?", id).flatMap { OrderID(rawValue: try $0.string(0)) }
    }

    /// The order's move out of PENDING_PAYMENT that goes with its payment's settled status,
    /// with its history, and (failures) its stock back.
    static func settleOrder(_ order: OrderID, to status: OrderStatus, returnStock: Bool, by actor: String, at now: Int64,
                            on connection: Connection) throws {
        guard try connection.execute("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = 'PENDING_PAYMENT'",
                                     status.rawValue, now, order.rawValue) == 1 else {
            throw SQLiteError(extendedCode: SQLite3.Code.error, message: "a settling payment's order is not PENDING_PAYMENT")
        }
        if returnStock { try Self.returnStock(of: order, on: connection) }
        try Self.record(status, of: order, by: actor, at: now, on: connection)
    }
}
