public import Marketplace

/// `product_images` rows and `products.thumbnail_key`, which every change here sets, in the
/// same transaction, to the lowest-position image's `bucket/key` (NULL without images).
/// Ownership is part of every query: another seller's product, or a DELETED one, is absent.
public struct ProductImageStore: ProductImageRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    public func imageCount(of product: ProductID, seller: UserID) async throws -> Int? {
        try await database.read { connection in
            try connection.queryRow("""
                SELECT (SELECT count(*) FROM product_images WHERE product_id = p.id) FROM products p
                WHERE p.id = ? AND p.seller_id = ? AND p.status <> 'DELETED'
                """, product.rawValue, seller.rawValue)?.int(0)
        }
    }

    public func add(_ image: NewProductImage, to product: ProductID, seller: UserID, limit: Int) async throws -> ImageAddition {
        try await database.write { connection in
            guard try Self.owns(product, seller, connection) else { return .productNotFound }
            // Counted under the write lock (BEGIN IMMEDIATE) on SQLite, and after rewriting the
            // product's row on PostgreSQL, so concurrent uploads cannot pass `limit`.
            try connection.serializeWrites(onRowOf: "products", column: "updated_at", id: product.rawValue)
            guard let row = try connection.queryRow(
                "SELECT count(*), coalesce(max(position), -1) FROM product_images WHERE product_id = ?", product.rawValue)
            else { return .productNotFound }
            guard try row.int(0) < limit else { return .limitReached }
            let position = try row.int(1) + 1
            guard let id = try connection.queryRow("""
                INSERT INTO product_images (product_id, position, bucket, object_key, content_type, size, etag, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id
                """, product.rawValue, position, image.location.bucket, image.location.key, image.contentType, image.size,
                image.etag, image.createdAt)?.int64(0)
            else { throw SQLiteError(extendedCode: SQLite3.Code.error, message: "inserted image returned no id") }
            try Self.refreshThumbnail(product, at: image.createdAt, connection)
            return .added(ProductImage(id: id, productID: product, position: position, bucket: image.location.bucket,
                                       key: image.location.key, contentType: image.contentType, size: image.size,
                                       etag: image.etag, createdAt: image.createdAt))
        }
    }

    public func remove(_ imageID: Int64, from product: ProductID, seller: UserID, at time: Int64) async throws -> ImageRemoval {
        try await database.write { connection in
            guard try Self.owns(product, seller, connection) else { return .productNotFound }
            guard let row = try connection.queryRow("""
                SELECT id, product_id, position, bucket, object_key, content_type, size, etag, created_at
                FROM product_images WHERE id = ? AND product_id = ?
                """, imageID, product.rawValue)
            else { return .imageNotFound }
            let image = try Self.image(row)
            try connection.execute("DELETE FROM product_images WHERE id = ?", imageID)
            try Self.refreshThumbnail(product, at: time, connection)
            return .removed(image)
        }
    }

    static func owns(_ product: ProductID, _ seller: UserID, _ connection: Connection) throws -> Bool {
        try connection.queryRow("SELECT 1 FROM products WHERE id = ? AND seller_id = ? AND status <> 'DELETED'",
                                product.rawValue, seller.rawValue) != nil
    }

    static func refreshThumbnail(_ product: ProductID, at time: Int64, _ connection: Connection) throws {
        try connection.execute("""
            UPDATE products SET updated_at = ?, thumbnail_key = (
                SELECT bucket || '/' || object_key FROM product_images WHERE product_id = products.id ORDER BY position LIMIT 1)
            WHERE id = ?
            """, time, product.rawValue)
    }

    static func image(_ row: Row) throws -> ProductImage {
        ProductImage(id: try row.int64("id"), productID: ProductID(rawValue: try row.int64("product_id")),
                     position: try row.int("position"), bucket: try row.string("bucket"), key: try row.string("object_key"),
                     contentType: try row.string("content_type"), size: try row.int("size"), etag: try row.string("etag"),
                     createdAt: try row.int64("created_at"))
    }
}
