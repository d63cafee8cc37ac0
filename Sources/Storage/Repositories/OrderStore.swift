public import Marketplace

/// Orders, their lines, history and payments. Every stock movement happens in the same
/// write transaction as the order change it belongs to, and is guarded in SQL: a decrement
/// only where `stock >= quantity` on a product the public sees on sale (`ProductRow.publiclyOnSale`:
/// its seller not suspended), a return only when the order's
/// guarded status change succeeded (so exactly once).
///
/// Outbox (docs/API.md §7, issue #8): every change appends its event with `EventOutbox.append`
/// inside the same write transaction (`written`), after the change and with the order as
/// loaded there: `place` → `order.created`, `expire` → `order.expired`, `cancel` →
/// `order.canceled` / `order.partially_canceled`, `move` → `order.shipping` /
/// `order.delivered` (`EventType.moved(to:)`), `discard` → drops the order's undispatched
/// events (or, once they went out, reports `order.canceled`). The payment transitions
/// (`OrderStore+Payments.swift`) append `order.paid`, `order.payment_failed`,
/// `payment.refunded` and the cancels of PAID orders the same way.
public struct OrderStore: OrderRepository {
    let database: Database
    /// Appends each change's event; nil only in storage tests that do not look at events
    /// (the server always passes one).
    let outbox: EventOutbox?

    /// Creates the repository over an opened, migrated database; `events` encodes the
    /// outbox's payloads (the server's order JSON).
    /// Called after each committed write (it may have appended an event): wakes the dispatcher.
    let committed: @Sendable () -> Void
    /// The default commission rate and hold the ledger's writers apply (`OrderStore+Ledger`).
    let settlement: SettlementPolicy

    public init(database: Database, events: OrderEventEncoder? = nil, settlement: SettlementPolicy = SettlementPolicy(),
                committed: @escaping @Sendable () -> Void = {}) {
        self.database = database
        self.outbox = events.map(EventOutbox.init(encoder:))
        self.settlement = settlement
        self.committed = committed
    }

    /// `database.write`, then `committed()` once the transaction is durable.
    /// `locking` names the products whose stock the write moves: on PostgreSQL their
    /// advisory locks are held around the transaction, so servers sharing the database take
    /// turns per product (the in-process `ProductLocks` only order this server's requests).
    func written<T: Sendable>(locking products: [Int64] = [], _ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let value = try await database.write(locking: products, body)
        committed()
        return value
    }

    /// One transaction makes atomic: every line's guarded decrement, the snapshots, the order,
    /// its first history entry and its READY payment. Any missing or short line throws, and
    /// the rollback undoes the decrements already made: all or nothing. On PostgreSQL the
    /// products' advisory locks, in ascending id order, are held around it (see `written`).
    public func place(_ draft: OrderDraft) async throws -> Order {
        try await written(locking: draft.lines.map(\.productID.rawValue)) { connection in
            var missing: [FieldIssue] = [], short: [FieldIssue] = [], items: [OrderItem] = []
            for (index, line) in draft.lines.enumerated() {
                let id = line.productID.rawValue
                guard let product = try connection.queryRow(
                    "SELECT seller_id, name, price, tax_free, stock FROM products WHERE id = ? AND \(ProductRow.publiclyOnSale)", id)
                else {
                    missing.append(FieldIssue(field: "items[\(index)].productId", message: "no product \(id) is on sale"))
                    continue
                }
                let reserved = try connection.execute(
                    "UPDATE products SET stock = stock - ? WHERE id = ? AND \(ProductRow.publiclyOnSale) AND stock >= ?",
                    line.quantity, id, line.quantity)
                guard reserved == 1 else {
                    short.append(FieldIssue(field: "items[\(index)].productId",
                                            message: "product \(id) has \(try product.int(4)) in stock; \(line.quantity) asked"))
                    continue
                }
                items.append(OrderItem(productID: line.productID, sellerID: UserID(rawValue: try product.int64(0)),
                                       name: try product.string(1), unitPrice: try product.int64(2), quantity: line.quantity,
                                       taxFree: try product.bool(3), status: .ordered))
            }
            if !missing.isEmpty {
                throw MarketplaceError.productsNotFound(detail: "Some products are unknown, hidden or deleted; nothing was reserved.",
                                                        issues: missing)
            }
            if !short.isEmpty {
                throw MarketplaceError.outOfStock(detail: "Some products have too few units; nothing was reserved.", issues: short)
            }
            let created = EpochMilliseconds.from(draft.createdAt)
            let address = draft.shippingAddress
            try connection.execute("""
                INSERT INTO orders (id, customer_id, status, recipient, phone, address1, address2, zip_code, created_at, updated_at,
                                    expires_at)
                VALUES (?, ?, 'PENDING_PAYMENT', ?, ?, ?, ?, ?, ?, ?, ?)
                """, draft.id.rawValue, draft.customerID.rawValue, address.recipient, address.phone, address.address1,
                address.address2, address.zipCode, created, created, EpochMilliseconds.from(draft.expiresAt))
            for (line, item) in items.enumerated() {
                try connection.execute("""
                    INSERT INTO order_items (order_id, line, product_id, seller_id, name, unit_price, quantity, tax_free, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ORDERED')
                    """, draft.id.rawValue, line, item.productID.rawValue, item.sellerID.rawValue, item.name, item.unitPrice,
                    item.quantity, item.taxFree)
            }
            try Self.record(.pendingPayment, of: draft.id, by: draft.by, at: created, on: connection)
            let amounts = OrderAmounts(items)
            try connection.execute("""
                INSERT INTO payments (id, order_id, provider, status, amount, vat, tax_free_amount, balance_amount, balance_vat,
                                      created_at, updated_at)
                VALUES (?, ?, ?, 'READY', ?, ?, ?, ?, ?, ?, ?)
                """, draft.paymentID, draft.id.rawValue, draft.provider.rawValue, amounts.due, amounts.dueVat, amounts.dueTaxFree,
                amounts.due, amounts.dueVat, created, created)
            let order = try Self.load(draft.id, on: connection)
            try outbox?.append(NewEvent(.orderCreated, order: order, at: draft.createdAt), on: connection)
            return order
        }
    }

    public func storeCheckout(_ preparation: PaymentPreparation, for order: OrderID, at time: Double) async throws -> Order? {
        try await written { connection in
            guard let paymentID = try connection.queryRow(
                "SELECT id FROM payments WHERE order_id = ? AND status = 'READY'", order.rawValue)?.string(0) else { return nil }
            try connection.execute("DELETE FROM payment_checkout WHERE payment_id = ?", paymentID)
            for (position, (name, value)) in preparation.checkout.enumerated() {
                switch value {
                case .string(let text):
                    try connection.execute("INSERT INTO payment_checkout (payment_id, position, name, text_value) VALUES (?, ?, ?, ?)",
                                           paymentID, position, name, text)
                case .int(let number):
                    try connection.execute("INSERT INTO payment_checkout (payment_id, position, name, int_value) VALUES (?, ?, ?, ?)",
                                           paymentID, position, name, number)
                }
            }
            let now = EpochMilliseconds.from(time)
            try connection.execute("UPDATE payments SET tid = coalesce(?, tid), checkout_at = ?, updated_at = ? WHERE id = ?",
                                   preparation.tid, now, now, paymentID)
            return try Self.load(order, on: connection)
        }
    }

    /// One transaction: the guarded check (still PENDING_PAYMENT with a READY payment), the
    /// stock's return and the rows' deletion.
    public func discard(_ order: OrderID) async throws -> Bool {
        try await written { connection in
            guard try connection.queryRow("""
                SELECT 1 FROM orders o JOIN payments p ON p.order_id = o.id
                WHERE o.id = ? AND o.status = 'PENDING_PAYMENT' AND p.status = 'READY'
                """, order.rawValue) != nil else { return false }
            try discardEvents(of: order, on: connection)
            try Self.returnStock(of: order, on: connection)
            let paymentID = try connection.queryRow("SELECT id FROM payments WHERE order_id = ?", order.rawValue)?.string(0) ?? ""
            try connection.execute("DELETE FROM payment_checkout WHERE payment_id = ?", paymentID)
            try connection.execute("DELETE FROM payment_cancels WHERE payment_id = ?", paymentID)
            try connection.execute("DELETE FROM payments WHERE id = ?", paymentID)
            try connection.execute("DELETE FROM order_history WHERE order_id = ?", order.rawValue)
            try connection.execute("DELETE FROM order_items WHERE order_id = ?", order.rawValue)
            try connection.execute("DELETE FROM orders WHERE id = ?", order.rawValue)
            return true
        }
    }

    public func find(_ id: OrderID) async throws -> Order? {
        try await database.read { connection in try OrderRow.load(id.rawValue, on: connection) }
    }

    public func list(_ query: OrderQuery) async throws -> Page<Order> {
        var conditions: [String] = []
        var bindings: [any SQLBindable] = []
        if let customer = query.customer { conditions.append("customer_id = ?"); bindings.append(customer.rawValue) }
        if let seller = query.seller {
            conditions.append("id IN (SELECT order_id FROM order_items WHERE seller_id = ?)")
            bindings.append(seller.rawValue)
        }
        if let status = query.status { conditions.append("status = ?"); bindings.append(status.rawValue) }
        let condition = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let page = query.page
        return try await database.read { [condition, bindings] connection in
            let total = try connection.queryRow("SELECT count(*) FROM orders WHERE \(condition)", bindings: bindings)?.int(0) ?? 0
            let ids = try connection.query(
                "SELECT id FROM orders WHERE \(condition) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                bindings: bindings + [page.size, page.offset]).map { try $0.string(0) }
            return Page(items: try ids.compactMap { try OrderRow.load($0, on: connection) }, request: page, totalItems: total)
        }
    }

    /// One transaction makes atomic: the plan's check on the order as it is, the lines'
    /// cancel (or split), the stock's return, the payment's new amounts and the history.
    public func cancel(_ id: OrderID, customer: UserID, reason: String, by actor: String, at time: Double,
                       _ plan: @escaping @Sendable (Order) throws -> OrderCancellation) async throws -> Order? {
        try await written { connection in
            guard let order = try OrderRow.load(id.rawValue, on: connection), order.customerID == customer else { return nil }
            let cancellation = try plan(order)
            let now = EpochMilliseconds.from(time)
            try Self.cancelLines(cancellation.lines, of: id, reason: reason, on: connection)
            let items = try Self.items(of: id, on: connection)
            let amounts = OrderAmounts(items)
            if cancellation.paymentStatus == .ready {
                try connection.execute("""
                    UPDATE payments SET amount = ?, vat = ?, tax_free_amount = ?, balance_amount = ?, balance_vat = ?, updated_at = ?
                    WHERE order_id = ?
                    """, amounts.due, amounts.dueVat, amounts.dueTaxFree, amounts.due, amounts.dueVat, now, id.rawValue)
            } else {
                // Nothing was charged and nothing will be: the amount asked stays, the balance is 0.
                try connection.execute("""
                    UPDATE payments SET status = ?, balance_amount = 0, balance_vat = 0, updated_at = ? WHERE order_id = ?
                    """, cancellation.paymentStatus.rawValue, now, id.rawValue)
            }
            try connection.execute("UPDATE orders SET status = ?, updated_at = ? WHERE id = ?",
                                   cancellation.orderStatus.rawValue, now, id.rawValue)
            if cancellation.orderStatus != order.status {
                try Self.record(cancellation.orderStatus, of: id, by: actor, at: now, on: connection)
            }
            let canceled = try Self.load(id, on: connection)
            let type: EventType = canceled.status == .canceled ? .orderCanceled : .orderPartiallyCanceled
            try outbox?.append(NewEvent(type, order: canceled, at: time), on: connection)
            return canceled
        }
    }

    public func move(_ id: OrderID, from: OrderStatus, to: OrderStatus, trackingNumber: String?, by actor: String,
                     at time: Double) async throws -> Order? {
        try await written { connection in
            let now = EpochMilliseconds.from(time)
            let moved = try connection.execute("""
                UPDATE orders SET status = ?, tracking_number = coalesce(?, tracking_number), updated_at = ?
                WHERE id = ? AND status = ?
                """, to.rawValue, trackingNumber, now, id.rawValue, from.rawValue)
            guard moved == 1 else { return nil }
            try Self.record(to, of: id, by: actor, at: now, on: connection)
            // The same transaction starts the lines' hold: availability commits with DELIVERED.
            if to == .delivered { try Self.startHold(of: id, policy: settlement, at: now, on: connection) }
            let order = try Self.load(id, on: connection)
            if let type = EventType.moved(to: to) { try outbox?.append(NewEvent(type, order: order, at: time), on: connection) }
            return order
        }
    }

    public func dueForExpiry(at time: Double, limit: Int) async throws -> [DueOrder] {
        try await database.read { connection in
            let ids = try connection.query("""
                SELECT o.id FROM orders o JOIN payments p ON p.order_id = o.id
                WHERE o.status = 'PENDING_PAYMENT' AND o.expires_at <= ? AND p.status = 'READY'
                ORDER BY o.expires_at LIMIT ?
                """, EpochMilliseconds.from(time), limit).map { try $0.string(0) }
            return try ids.compactMap { id in
                guard let orderID = OrderID(rawValue: id) else { return nil }
                let products = try connection.query(
                    "SELECT DISTINCT product_id FROM order_items WHERE order_id = ? AND status = 'ORDERED'", id
                ).map { ProductID(rawValue: try $0.int64(0)) }
                return DueOrder(id: orderID, products: products)
            }
        }
    }

    /// One transaction: the guarded status change (only one sweep can win it), then the
    /// stock's return, the payment's EXPIRED and the history entry, only for the winner.
    public func expire(_ id: OrderID, at time: Double) async throws -> Bool {
        try await written { connection in
            let now = EpochMilliseconds.from(time)
            let expired = try connection.execute("""
                UPDATE orders SET status = 'EXPIRED', updated_at = ?
                WHERE id = ? AND status = 'PENDING_PAYMENT' AND expires_at <= ?
                  AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = orders.id AND p.status = 'READY')
                """, now, id.rawValue, now)
            guard expired == 1 else { return false }
            try Self.returnStock(of: id, on: connection)
            try connection.execute(
                "UPDATE payments SET status = 'EXPIRED', balance_amount = 0, balance_vat = 0, updated_at = ? WHERE order_id = ?",
                now, id.rawValue)
            try Self.record(.expired, of: id, by: OrderHistoryEntry.system, at: now, on: connection)
            try outbox?.append(NewEvent(.orderExpired, order: try Self.load(id, on: connection), at: time), on: connection)
            return true
        }
    }

    public func nextExpiry() async throws -> Double? {
        try await database.read { connection in
            try connection.queryRow("""
                SELECT min(o.expires_at) FROM orders o JOIN payments p ON p.order_id = o.id
                WHERE o.status = 'PENDING_PAYMENT' AND p.status = 'READY'
                """)?.int64OrNil(0).map(EpochMilliseconds.seconds)
        }
    }

    // MARK: Helpers, called inside a write transaction

    /// A discarded order never existed for anyone who has not heard of it: its undispatched
    /// events go with it. If its `order.created` already went out, an `order.canceled`
    /// (lines CANCELED, payment ABORTED, as the rows are about to be deleted) follows it.
    func discardEvents(of order: OrderID, on connection: Connection) throws {
        guard let outbox else { return }
        let dispatched = try connection.queryRow(
            "SELECT count(*) FROM events WHERE order_id = ? AND dispatched_at IS NOT NULL", order.rawValue)?.int(0) ?? 0
        try connection.execute("""
            DELETE FROM event_seller_payloads WHERE event_id IN (SELECT id FROM events WHERE order_id = ? AND dispatched_at IS NULL)
            """, order.rawValue)
        try connection.execute("DELETE FROM events WHERE order_id = ? AND dispatched_at IS NULL", order.rawValue)
        guard dispatched > 0 else { return }
        let now = EpochMilliseconds.seconds(EpochMilliseconds.now())
        try outbox.append(NewEvent(.orderCanceled, order: try Self.load(order, on: connection).discarded(at: now), at: now),
                          on: connection)
    }

    static func load(_ id: OrderID, on connection: Connection) throws -> Order {
        guard let order = try OrderRow.load(id.rawValue, on: connection) else {
            throw SQLiteError(extendedCode: SQLite3.Code.error, message: "order written but not found")
        }
        return order
    }

    /// Cancels units of ORDERED lines (a quantity below a line's splits it: the canceled units
    /// become a CANCELED line of their own) and returns their stock. Call inside the write
    /// transaction whose guarded status check allowed the cancel.
    static func cancelLines(_ lines: [OrderLine], of id: OrderID, reason: String, on connection: Connection) throws {
        for line in lines {
            guard let row = try connection.queryRow(
                "SELECT line, quantity FROM order_items WHERE order_id = ? AND product_id = ? AND status = 'ORDERED'",
                id.rawValue, line.productID.rawValue) else { continue }
            let number = try row.int(0), quantity = try row.int(1)
            if line.quantity >= quantity {
                try connection.execute(
                    "UPDATE order_items SET status = 'CANCELED', cancel_reason = ? WHERE order_id = ? AND line = ?",
                    reason, id.rawValue, number)
            } else {
                try connection.execute("UPDATE order_items SET quantity = quantity - ? WHERE order_id = ? AND line = ?",
                                       line.quantity, id.rawValue, number)
                try connection.execute("""
                    INSERT INTO order_items (order_id, line, product_id, seller_id, name, unit_price, quantity, tax_free, status,
                                             cancel_reason)
                    SELECT order_id, (SELECT max(line) + 1 FROM order_items WHERE order_id = ?), product_id, seller_id, name,
                           unit_price, CAST(? AS BIGINT), tax_free, 'CANCELED', CAST(? AS TEXT)
                    FROM order_items WHERE order_id = ? AND line = ?
                    """, id.rawValue, line.quantity, reason, id.rawValue, number)
            }
            try Self.returnStock(line.productID, line.quantity, on: connection)
        }
    }

    /// The order's lines as they are now.
    static func items(of id: OrderID, on connection: Connection) throws -> [OrderItem] {
        try connection.query("SELECT \(OrderRow.itemColumns) FROM order_items WHERE order_id = ? ORDER BY line", id.rawValue)
            .map { row in
                OrderItem(productID: ProductID(rawValue: try row.int64(0)), sellerID: UserID(rawValue: try row.int64(1)),
                          name: try row.string(2), unitPrice: try row.int64(3), quantity: try row.int(4),
                          taxFree: try row.bool(5), status: try OrderRow.value(row.string(6), as: OrderItemStatus.self))
            }
    }

    static func record(_ status: OrderStatus, of order: OrderID, by actor: String, at time: Int64, on connection: Connection) throws {
        try connection.execute("INSERT INTO order_history (order_id, status, at, actor) VALUES (?, ?, ?, ?)",
                               order.rawValue, status.rawValue, time, actor)
    }

    /// Returns the stock of the order's ORDERED lines (whatever their products' status now).
    static func returnStock(of order: OrderID, on connection: Connection) throws {
        for row in try connection.query(
            "SELECT product_id, quantity FROM order_items WHERE order_id = ? AND status = 'ORDERED'", order.rawValue) {
            try returnStock(ProductID(rawValue: try row.int64(0)), try row.int(1), on: connection)
        }
    }

    /// Adds units back, capped at the schema's 1,000,000 (a seller may have raised the stock
    /// meanwhile; the cap keeps the CHECK from refusing the whole cancel or expiry).
    static func returnStock(_ product: ProductID, _ quantity: Int, on connection: Connection) throws {
        try connection.execute("""
            UPDATE products SET stock = CASE WHEN stock + ? < 1000000 THEN stock + ? ELSE 1000000 END WHERE id = ?
            """, quantity, quantity, product.rawValue)
    }
}

private extension Order {
    /// The order as its discard leaves it for those who heard of it: everything canceled.
    func discarded(at time: Double) -> Order {
        var copy = self
        copy.status = .canceled
        copy.items = items.map { var item = $0; item.status = .canceled; return item }
        copy.payment.status = .aborted
        copy.payment.balanceAmount = 0
        copy.payment.balanceVat = 0
        copy.updatedAt = time
        copy.history.append(OrderHistoryEntry(status: .canceled, at: time, by: OrderHistoryEntry.system))
        return copy
    }
}
