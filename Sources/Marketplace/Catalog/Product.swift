/// A product as sellers manage it and customers see it.
public struct Product: Sendable, Equatable {
    /// The product's id.
    public let id: ProductID
    /// The seller who owns it.
    public let sellerID: UserID
    /// 1–100 characters.
    public var name: String
    /// 0–5000 characters.
    public var description: String
    /// Whole KRW, 0–1,000,000,000.
    public var price: Int64
    /// Units available, 0–1,000,000.
    public var stock: Int
    /// 1–50 of `[a-z0-9-]`.
    public var category: String
    /// VAT-exempt (its lines count toward an order's `taxFreeAmount`).
    public var taxFree: Bool
    /// Listed, hidden or (soft) deleted.
    public var status: ProductStatus
    /// The first image's `bucket/key`, if any.
    public var thumbnailKey: String?
    /// Images in position order (filled where a query asks for them).
    public var images: [ProductImage]
    /// Unix milliseconds.
    public let createdAt: Int64
    /// Unix milliseconds.
    public var updatedAt: Int64

    /// Creates a product value.
    public init(id: ProductID, sellerID: UserID, name: String, description: String, price: Int64, stock: Int, category: String,
                taxFree: Bool, status: ProductStatus, thumbnailKey: String?, images: [ProductImage] = [],
                createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.sellerID = sellerID
        self.name = name
        self.description = description
        self.price = price
        self.stock = stock
        self.category = category
        self.taxFree = taxFree
        self.status = status
        self.thumbnailKey = thumbnailKey
        self.images = images
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// No unit can be ordered.
    public var soldOut: Bool { stock == 0 }
}
