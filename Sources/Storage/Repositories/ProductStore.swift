public import Marketplace

/// Products in the `products` table, their images in `product_images` (written by
/// `ProductImageStore`). Seller operations are scoped by `seller_id` and skip
/// DELETED rows in the same statement, so another seller's product is simply absent.
public struct ProductStore: ProductRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    public func create(_ product: NewProduct, seller: UserID, at time: Int64) async throws -> Product {
        try await database.write { connection in
            // The seller's suspension and this insert take turns (PostgreSQL), so the new row's
            // seller_suspended is the status that commits last.
            try connection.serializeWrites(onRowOf: "users", column: "status", id: seller.rawValue)
            let id = try Self.insert(product, seller: seller, at: time, on: connection)
            guard let created = try ProductRow.product(where: "id = ?", [id], on: connection) else {
                throw SQLiteError(extendedCode: SQLite3.Code.error, message: "inserted product not found")
            }
            return created
        }
    }

    public func find(_ id: ProductID, seller: UserID) async throws -> Product? {
        try await database.read { connection in
            try ProductRow.product(where: Self.sellerCondition, [id.rawValue, seller.rawValue], on: connection)
        }
    }

    public func update(_ id: ProductID, seller: UserID, with changes: ProductChanges, at time: Int64) async throws -> Product? {
        try await database.write { connection in
            // One statement for every subset: coalesce keeps the columns whose change is NULL
            // (no product column is nullable, so NULL can only mean "unchanged").
            let changed = try connection.execute("""
                UPDATE products SET name = coalesce(?, name), name_folded = coalesce(?, name_folded),
                    description = coalesce(?, description), price = coalesce(?, price), stock = coalesce(?, stock),
                    category = coalesce(?, category), tax_free = coalesce(?, tax_free), status = coalesce(?, status),
                    updated_at = ?
                WHERE \(Self.sellerCondition)
                """, changes.name, changes.name.map(ListingFilter.fold), changes.description, changes.price, changes.stock,
                changes.category, changes.taxFree, changes.status?.rawValue, time, id.rawValue, seller.rawValue)
            guard changed > 0 else { return nil }
            return try ProductRow.product(where: "id = ?", [id.rawValue], on: connection)
        }
    }

    /// A soft delete (past orders keep their snapshot) that takes the product out of every
    /// cart (§3): ONE write transaction makes the two atomic, so no cart shows a deleted line.
    public func delete(_ id: ProductID, seller: UserID, at time: Int64) async throws -> Bool {
        try await database.write { connection in
            guard try connection.execute("UPDATE products SET status = 'DELETED', updated_at = ? WHERE \(Self.sellerCondition)",
                                         time, id.rawValue, seller.rawValue) > 0 else { return false }
            try connection.execute("DELETE FROM cart_items WHERE product_id = ?", id.rawValue)
            return true
        }
    }

    public func list(_ query: SellerProductQuery) async throws -> Page<ProductSummary> {
        var condition = "seller_id = ? AND status <> 'DELETED'"
        var bindings: [any SQLBindable] = [query.seller.rawValue]
        if let status = query.status { condition += " AND status = ?"; bindings.append(status.rawValue) }
        let page = query.page
        return try await database.read { [condition, bindings] connection in
            let total = try connection.queryRow("SELECT count(*) FROM products WHERE \(condition)", bindings: bindings)?.int(0) ?? 0
            let rows = try connection.query("""
                SELECT \(ProductRow.summaryColumns) FROM products WHERE \(condition)
                ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?
                """, bindings: bindings + [page.size, page.offset])
            return Page(items: try rows.map(ProductRow.summary), request: page, totalItems: total)
        }
    }

    public func importProducts(_ products: [ProductImport]) async throws {
        try await database.write { connection in
            for entry in products { try Self.insert(entry.product, seller: entry.seller, at: entry.createdAt, on: connection) }
        }
    }

    /// The seller's live product `?` of seller `?`.
    static let sellerCondition = "id = ? AND seller_id = ? AND status <> 'DELETED'"

    /// Inserts the product (out of the public catalog if its seller is suspended); returns its new id.
    @discardableResult
    static func insert(_ product: NewProduct, seller: UserID, at time: Int64, on connection: Connection) throws -> Int64 {
        guard let id = try connection.queryRow("""
            INSERT INTO products (seller_id, name, name_folded, description, price, stock, category, tax_free, status,
                                  created_at, updated_at, seller_suspended)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    coalesce((SELECT CASE WHEN status = 'SUSPENDED' THEN 1 ELSE 0 END FROM users WHERE id = ?), 0))
            RETURNING id
            """, seller.rawValue, product.name, ListingFilter.fold(product.name), product.description, product.price,
            product.stock, product.category, product.taxFree, product.status.rawValue, time, time, seller.rawValue)?.int64(0)
        else { throw SQLiteError(extendedCode: SQLite3.Code.error, message: "inserted product returned no id") }
        return id
    }
}
