public import Marketplace

/// Carts in `cart_items`, joined with `products` for live names, prices and availability.
public struct CartStore: CartRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    public func cart(of customer: UserID) async throws -> Cart {
        try await database.read { connection in
            let rows = try connection.query("""
                SELECT c.product_id, p.name, p.price, c.quantity,
                       p.status = 'ON_SALE' AND p.seller_suspended = 0 AND p.stock >= c.quantity, p.thumbnail_key
                FROM cart_items c JOIN products p ON p.id = c.product_id
                WHERE c.customer_id = ? AND p.status <> 'DELETED' ORDER BY c.added_at, c.product_id
                """, customer.rawValue)
            return Cart(items: try rows.map { row in
                CartItem(productID: ProductID(rawValue: try row.int64(0)), name: try row.string(1), price: try row.int64(2),
                         quantity: try row.int(3), available: try row.bool(4), thumbnailKey: try row.stringOrNil(5))
            })
        }
    }

    /// One write transaction makes the check and the write atomic: `decide` sees the product's
    /// status and stock, the line and the line count as they are when the row is written.
    public func change(_ product: ProductID, of customer: UserID, at time: Int64,
                       _ decide: @escaping @Sendable (CartLineState) throws -> Int?) async throws {
        try await database.write { connection in
            // The line count decides; on PostgreSQL two adds of one customer must not both pass it.
            try connection.serializeWrites(onRowOf: "users", column: "status", id: customer.rawValue)
            // A suspended seller's product is, to customers, a hidden one (404 PRODUCT_NOT_FOUND).
            let productRow = try connection.queryRow("""
                SELECT CASE WHEN seller_suspended = 0 THEN status WHEN status = 'ON_SALE' THEN 'HIDDEN' ELSE status END, stock
                FROM products WHERE id = ?
                """, product.rawValue)
            let quantity = try connection.queryRow(
                "SELECT quantity FROM cart_items WHERE customer_id = ? AND product_id = ?", customer.rawValue, product.rawValue
            ).map { try $0.int(0) }
            let count = try connection.queryRow("SELECT count(*) FROM cart_items WHERE customer_id = ?", customer.rawValue)?.int(0) ?? 0
            let state = CartLineState(
                product: try productRow.map { (ProductStatus(rawValue: try $0.string(0)) ?? .deleted, try $0.int(1)) },
                quantity: quantity, lineCount: count)
            if let newQuantity = try decide(state) {
                try connection.execute("""
                    INSERT INTO cart_items (customer_id, product_id, quantity, added_at, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (customer_id, product_id) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at
                    """, customer.rawValue, product.rawValue, newQuantity, time, time)
            } else {
                try connection.execute("DELETE FROM cart_items WHERE customer_id = ? AND product_id = ?",
                                       customer.rawValue, product.rawValue)
            }
        }
    }

    public func remove(_ product: ProductID, of customer: UserID) async throws -> Bool {
        try await database.write { connection in
            try connection.execute("DELETE FROM cart_items WHERE customer_id = ? AND product_id = ?",
                                   customer.rawValue, product.rawValue) > 0
        }
    }

    public func clear(_ customer: UserID) async throws {
        try await database.write { connection in
            try connection.execute("DELETE FROM cart_items WHERE customer_id = ?", customer.rawValue)
        }
    }

    public func lines(of customer: UserID) async throws -> [OrderLine] {
        try await database.read { connection in
            try connection.query("SELECT product_id, quantity FROM cart_items WHERE customer_id = ? ORDER BY added_at, product_id",
                                 customer.rawValue).map { row in
                OrderLine(productID: ProductID(rawValue: try row.int64(0)), quantity: try row.int(1))
            }
        }
    }
}
