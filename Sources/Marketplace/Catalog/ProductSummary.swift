/// A product as lists show it (docs/API.md §3 listing items): no description, no images, only
/// the thumbnail's object.
public struct ProductSummary: Sendable, Equatable {
    /// The product's id.
    public let id: ProductID
    /// The seller who owns it.
    public let sellerID: UserID
    /// 1–100 characters.
    public let name: String
    /// Whole KRW.
    public let price: Int64
    /// Units in stock.
    public let stock: Int
    /// 1–50 of `[a-z0-9-]`.
    public let category: String
    /// VAT-exempt.
    public let taxFree: Bool
    /// ON_SALE or HIDDEN (lists never show DELETED).
    public let status: ProductStatus
    /// The first image's `bucket/key`, if any.
    public let thumbnailKey: String?
    /// Unix milliseconds.
    public let createdAt: Int64

    /// Creates a summary.
    public init(id: ProductID, sellerID: UserID, name: String, price: Int64, stock: Int, category: String, taxFree: Bool,
                status: ProductStatus, thumbnailKey: String?, createdAt: Int64) {
        self.id = id
        self.sellerID = sellerID
        self.name = name
        self.price = price
        self.stock = stock
        self.category = category
        self.taxFree = taxFree
        self.status = status
        self.thumbnailKey = thumbnailKey
        self.createdAt = createdAt
    }

    /// No unit can be ordered.
    public var soldOut: Bool { stock == 0 }
}

extension Product {
    /// The product as lists show it.
    public var summary: ProductSummary {
        ProductSummary(id: id, sellerID: sellerID, name: name, price: price, stock: stock, category: category, taxFree: taxFree,
                       status: status, thumbnailKey: thumbnailKey, createdAt: createdAt)
    }
}
