/// One cart line as the customer sees it: the product's live name and price.
public struct CartItem: Sendable, Equatable {
    public let productID: ProductID
    /// The product's current name (also for hidden or deleted products, whose lines stay).
    public let name: String
    /// The current unit price.
    public let price: Int64
    public let quantity: Int
    /// The product is ON_SALE and its stock covers `quantity`: the line can be ordered now.
    public let available: Bool
    /// The first image's `bucket/key`, if any.
    public let thumbnailKey: String?

    public init(productID: ProductID, name: String, price: Int64, quantity: Int, available: Bool, thumbnailKey: String?) {
        self.productID = productID
        self.name = name
        self.price = price
        self.quantity = quantity
        self.available = available
        self.thumbnailKey = thumbnailKey
    }

    public var subtotal: Int64 { price * Int64(quantity) }
}

/// A customer's cart. Totals count the available lines only: what ordering it would cost now.
public struct Cart: Sendable, Equatable {
    /// Oldest line first.
    public let items: [CartItem]

    public init(items: [CartItem]) { self.items = items }

    public var totalQuantity: Int { items.filter(\.available).reduce(0) { $0 + $1.quantity } }
    public var totalPrice: Int64 { items.filter(\.available).reduce(0) { $0 + $1.subtotal } }
}

/// What a cart change sees inside its transaction.
public struct CartLineState: Sendable {
    /// The product's status and stock; nil when no product has the id.
    public let product: (status: ProductStatus, stock: Int)?
    /// The line's quantity; nil when the cart has no line for the product.
    public let quantity: Int?
    /// Lines in the cart now.
    public let lineCount: Int

    public init(product: (status: ProductStatus, stock: Int)?, quantity: Int?, lineCount: Int) {
        self.product = product
        self.quantity = quantity
        self.lineCount = lineCount
    }
}
