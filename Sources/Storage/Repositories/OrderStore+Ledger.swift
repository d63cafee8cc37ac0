import Marketplace

/// The sellers' ledger (docs/API.md §11, issue #20), written only from inside the order
/// store's own write transactions, so each entry commits or rolls back with the change it
/// records — the outbox discipline:
/// - `recordApproval` (payment DONE, order PAID) calls `appendSale`: the lines with their
///   rates fixed now, `SALE` and `COMMISSION`;
/// - `recordCancel` (a customer's cancel of PAID lines, an admin refund) calls `appendRefund`:
///   `REFUND` and `COMMISSION_REFUND` summing to exactly the amount the gateway refunded;
/// - `move` to DELIVERED calls `startHold`: the order's lines become available `holdDays` later.
/// `LedgerPlan` (the domain) does the arithmetic; this file only reads and writes rows.
extension OrderStore {
    /// At payment: one `ledger_lines` row per product of the order's ORDERED lines (the rate
    /// of the most specific commission rule now, else the default), and its entries.
    static func appendSale(of order: OrderID, policy: SettlementPolicy, at now: Int64, on connection: Connection) throws {
        let rows = try connection.query("""
            SELECT i.product_id, i.seller_id, sum(i.unit_price * i.quantity), min(p.category)
            FROM order_items i JOIN products p ON p.id = i.product_id
            WHERE i.order_id = ? AND i.status = 'ORDERED'
            GROUP BY i.product_id, i.seller_id ORDER BY i.product_id
            """, order.rawValue)
        guard !rows.isEmpty else { return }
        let rules = try CommissionStore.rules(forSellersOf: order, on: connection)
        var lines: [LedgerLine] = []
        for row in rows {
            let seller = UserID(rawValue: try row.int64(1))
            let rate = CommissionRule.rate(seller: seller, category: try row.string(3), rules: rules,
                                           defaultRateBps: policy.commissionRateBps)
            let line = LedgerLine(productID: ProductID(rawValue: try row.int64(0)), sellerID: seller, rateBps: rate,
                                  remaining: try row.int64(2))
            try connection.execute("""
                INSERT INTO ledger_lines (order_id, product_id, seller_id, rate_bps, available_at) VALUES (?, ?, ?, ?, NULL)
                """, order.rawValue, line.productID.rawValue, seller.rawValue, rate)
            lines.append(line)
        }
        try append(LedgerPlan.sale(lines), of: order, at: now, on: connection)
    }

    /// At a refund of `amount`: `canceled` is the value, per product, of the units a customer's
    /// cancel takes (read before the lines change); empty for an admin refund.
    static func appendRefund(of order: OrderID, amount: Int64, canceled: [ProductID: Int64], at now: Int64,
                             on connection: Connection) throws {
        let lines = try ledgerLines(of: order, on: connection)
        try append(LedgerPlan.refund(amount, lines: lines, canceled: canceled), of: order, at: now, on: connection)
    }

    /// The value of the units `lines` cancel, by the ORDERED lines' prices (before they change).
    static func canceledValue(_ lines: [OrderLine], of order: OrderID, on connection: Connection) throws -> [ProductID: Int64] {
        var value: [ProductID: Int64] = [:]
        for line in lines {
            guard let row = try connection.queryRow("""
                SELECT unit_price, quantity FROM order_items WHERE order_id = ? AND product_id = ? AND status = 'ORDERED'
                """, order.rawValue, line.productID.rawValue) else { continue }
            value[line.productID, default: 0] += try row.int64(0) * Int64(min(line.quantity, try row.int(1)))
        }
        return value
    }

    /// At DELIVERED: the order's lines become available `holdDays` from now (once: a line's
    /// hold never moves).
    static func startHold(of order: OrderID, policy: SettlementPolicy, at now: Int64, on connection: Connection) throws {
        let availableAt = EpochMilliseconds.from(policy.availableAt(deliveredAt: EpochMilliseconds.seconds(now)))
        try connection.execute("UPDATE ledger_lines SET available_at = ? WHERE order_id = ? AND available_at IS NULL",
                               availableAt, order.rawValue)
    }

    /// The order's lines with what each still holds (SALE + REFUND entries).
    static func ledgerLines(of order: OrderID, on connection: Connection) throws -> [LedgerLine] {
        try connection.query("""
            SELECT l.product_id, l.seller_id, l.rate_bps,
                   coalesce((SELECT sum(e.amount) FROM ledger_entries e WHERE e.order_id = l.order_id
                             AND e.product_id = l.product_id AND e.type IN ('SALE', 'REFUND')), 0)
            FROM ledger_lines l WHERE l.order_id = ? ORDER BY l.product_id
            """, order.rawValue).map { row in
            LedgerLine(productID: ProductID(rawValue: try row.int64(0)), sellerID: UserID(rawValue: try row.int64(1)),
                       rateBps: try row.int(2), remaining: try row.int64(3))
        }
    }

    private static func append(_ entries: [NewLedgerEntry], of order: OrderID, at now: Int64, on connection: Connection) throws {
        for entry in entries {
            try connection.execute("""
                INSERT INTO ledger_entries (seller_id, order_id, product_id, type, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, entry.sellerID.rawValue, order.rawValue, entry.productID.rawValue, entry.type.rawValue, entry.amount, now)
        }
    }
}
