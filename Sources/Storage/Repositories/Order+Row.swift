import Marketplace

/// How an order and its parts are read back: by column position, in the lists' order.
enum OrderRow {
    static let orderColumns = """
        id, customer_id, status, recipient, phone, address1, address2, zip_code, tracking_number, created_at, updated_at, expires_at
        """
    static let itemColumns = "product_id, seller_id, name, unit_price, quantity, tax_free, status"
    static let paymentColumns = """
        id, provider, status, amount, vat, tax_free_amount, balance_amount, balance_vat, payment_key, tid, card_masked_number,
        card_expiry, approved_at, attempts, checkout_at
        """

    /// The whole order (lines, history, payment with checkout and cancels) from one snapshot.
    static func load(_ id: String, on connection: Connection) throws -> Order? {
        guard let row = try connection.queryRow("SELECT \(orderColumns) FROM orders WHERE id = ?", id),
              let orderID = OrderID(rawValue: try row.string(0)) else { return nil }
        let items = try connection.query("SELECT \(itemColumns) FROM order_items WHERE order_id = ? ORDER BY line", id).map { item in
            OrderItem(productID: ProductID(rawValue: try item.int64(0)), sellerID: UserID(rawValue: try item.int64(1)),
                      name: try item.string(2), unitPrice: try item.int64(3), quantity: try item.int(4), taxFree: try item.bool(5),
                      status: try value(item.string(6), as: OrderItemStatus.self))
        }
        let history = try connection.query("SELECT status, at, actor FROM order_history WHERE order_id = ? ORDER BY id", id).map { entry in
            OrderHistoryEntry(status: try value(entry.string(0), as: OrderStatus.self),
                              at: EpochMilliseconds.seconds(try entry.int64(1)), by: try entry.string(2))
        }
        guard let payment = try payment(of: orderID, on: connection) else {
            throw SQLiteError(extendedCode: SQLite3.Code.error, message: "order without a payment row")
        }
        let address = ShippingAddress(recipient: try row.string(3), phone: try row.string(4), address1: try row.string(5),
                                      address2: try row.stringOrNil(6), zipCode: try row.string(7))
        return Order(id: orderID, customerID: UserID(rawValue: try row.int64(1)), status: try value(row.string(2), as: OrderStatus.self),
                     items: items, shippingAddress: address, trackingNumber: try row.stringOrNil(8),
                     createdAt: EpochMilliseconds.seconds(try row.int64(9)), updatedAt: EpochMilliseconds.seconds(try row.int64(10)),
                     expiresAt: EpochMilliseconds.seconds(try row.int64(11)), payment: payment, history: history)
    }

    static func payment(of order: OrderID, on connection: Connection) throws -> Payment? {
        guard let row = try connection.queryRow("SELECT \(paymentColumns) FROM payments WHERE order_id = ?", order.rawValue) else {
            return nil
        }
        let id = try row.string(0)
        var checkout: [(String, CheckoutValue)]?
        if try row.int64OrNil(14) != nil {
            checkout = try connection.query(
                "SELECT name, text_value, int_value FROM payment_checkout WHERE payment_id = ? ORDER BY position", id
            ).map { field in
                (try field.string(0), try field.int64OrNil(2).map(CheckoutValue.int) ?? .string(try field.stringOrNil(1) ?? ""))
            }
        }
        let cancels = try connection.query(
            "SELECT tid, amount, vat, reason, canceled_at FROM payment_cancels WHERE payment_id = ? ORDER BY id", id
        ).map { cancel in
            PaymentCancel(tid: try cancel.stringOrNil(0), amount: try cancel.int64(1), vat: try cancel.int64(2),
                          reason: try cancel.string(3), canceledAt: EpochMilliseconds.seconds(try cancel.int64(4)))
        }
        var card: PaymentCard?
        if let masked = try row.stringOrNil(10) { card = PaymentCard(maskedNumber: masked, expiry: try row.stringOrNil(11) ?? "") }
        return Payment(id: id, provider: try value(row.string(1), as: PaymentProvider.self), orderID: order,
                       status: try value(row.string(2), as: PaymentStatus.self), amount: try row.int64(3), vat: try row.int64(4),
                       taxFreeAmount: try row.int64(5), balanceAmount: try row.int64(6), balanceVat: try row.int64(7),
                       paymentKey: try row.stringOrNil(8), tid: try row.stringOrNil(9), card: card,
                       approvedAt: try row.int64OrNil(12).map(EpochMilliseconds.seconds), cancels: cancels,
                       attempts: try row.int(13), checkout: checkout)
    }

    /// A status column's value; the schema's CHECKs make a failure unreachable short of a hand-edited database.
    static func value<T: RawRepresentable>(_ text: String, as type: T.Type) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw SQLiteError(extendedCode: SQLite3.Code.mismatch, message: "unknown \(T.self) value in the database")
        }
        return value
    }
}
