import Marketplace

/// How product rows are read: by column position, in the order of the column lists below.
enum ProductRow {
    /// What lists show (no description), for `ProductSummary`.
    static let summaryColumns = "id, seller_id, name, price, stock, category, tax_free, status, thumbnail_key, created_at"
    /// Every column a `Product` holds.
    static let productColumns = summaryColumns + ", description, updated_at"
    /// What the public sees of the catalog: ON_SALE products of sellers who are not suspended
    /// (`seller_suspended`, kept with the seller's status). Listing indexes lead with both.
    static let publiclyOnSale = "status = 'ON_SALE' AND seller_suspended = 0"
    /// An image's columns, for `ProductImage`.
    static let imageColumns = "id, product_id, position, bucket, object_key, content_type, size, etag, created_at"

    static func summary(_ row: Row) throws -> ProductSummary {
        ProductSummary(id: ProductID(rawValue: try row.int64(0)), sellerID: UserID(rawValue: try row.int64(1)),
                       name: try row.string(2), price: try row.int64(3), stock: try row.int(4), category: try row.string(5),
                       taxFree: try row.bool(6), status: try status(row.string(7)), thumbnailKey: try row.stringOrNil(8),
                       createdAt: try row.int64(9))
    }

    static func product(_ row: Row, images: [ProductImage]) throws -> Product {
        let summary = try summary(row)
        return Product(id: summary.id, sellerID: summary.sellerID, name: summary.name, description: try row.string(10),
                       price: summary.price, stock: summary.stock, category: summary.category, taxFree: summary.taxFree,
                       status: summary.status, thumbnailKey: summary.thumbnailKey, images: images,
                       createdAt: summary.createdAt, updatedAt: try row.int64(11))
    }

    static func image(_ row: Row) throws -> ProductImage {
        ProductImage(id: try row.int64(0), productID: ProductID(rawValue: try row.int64(1)), position: try row.int(2),
                     bucket: try row.string(3), key: try row.string(4), contentType: try row.string(5), size: try row.int(6),
                     etag: try row.string(7), createdAt: try row.int64(8))
    }

    /// The product and its images, in position order, from one snapshot; nil without a row.
    static func product(where condition: String, _ bindings: [any SQLBindable], on connection: Connection) throws -> Product? {
        guard let row = try connection.queryRow("SELECT \(productColumns) FROM products WHERE \(condition)", bindings: bindings)
        else { return nil }
        let images = try connection.query("SELECT \(imageColumns) FROM product_images WHERE product_id = ? ORDER BY position",
                                          try row.int64(0)).map(image)
        return try product(row, images: images)
    }

    private static func status(_ text: String) throws -> ProductStatus {
        guard let status = ProductStatus(rawValue: text) else {
            // The schema's CHECK makes this unreachable short of a hand-edited database.
            throw SQLiteError(extendedCode: SQLite3.Code.mismatch, message: "products row holds an unknown status")
        }
        return status
    }
}
