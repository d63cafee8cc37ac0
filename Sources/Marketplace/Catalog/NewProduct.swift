/// A product about to be created, valid by `ProductRules`.
public struct NewProduct: Sendable, Equatable {
    /// 1–100 characters.
    public var name: String
    /// 0–5000 characters.
    public var description: String
    /// Whole KRW.
    public var price: Int64
    /// Units in stock.
    public var stock: Int
    /// 1–50 of `[a-z0-9-]`.
    public var category: String
    /// VAT-exempt.
    public var taxFree: Bool
    /// ON_SALE or HIDDEN.
    public var status: ProductStatus

    /// Creates the values; callers check the rules first (`ProductForm.validatedNewProduct()`).
    public init(name: String, description: String, price: Int64, stock: Int, category: String, taxFree: Bool,
                status: ProductStatus) {
        self.name = name
        self.description = description
        self.price = price
        self.stock = stock
        self.category = category
        self.taxFree = taxFree
        self.status = status
    }
}

/// Changes to a product, valid by `ProductRules`; nil fields stay as they are.
public struct ProductChanges: Sendable, Equatable {
    /// A new name.
    public var name: String?
    /// A new description.
    public var description: String?
    /// A new price, whole KRW.
    public var price: Int64?
    /// A new stock.
    public var stock: Int?
    /// A new category.
    public var category: String?
    /// A new tax exemption.
    public var taxFree: Bool?
    /// ON_SALE or HIDDEN.
    public var status: ProductStatus?

    /// Creates the changes; callers check the rules first (`ProductForm.validatedChanges()`).
    public init(name: String? = nil, description: String? = nil, price: Int64? = nil, stock: Int? = nil, category: String? = nil,
                taxFree: Bool? = nil, status: ProductStatus? = nil) {
        self.name = name
        self.description = description
        self.price = price
        self.stock = stock
        self.category = category
        self.taxFree = taxFree
        self.status = status
    }

    /// Nothing would change.
    public var isEmpty: Bool {
        name == nil && description == nil && price == nil && stock == nil && category == nil && taxFree == nil && status == nil
    }
}

/// A product written in bulk (`seed-demo`), with its seller and creation time.
public struct ProductImport: Sendable, Equatable {
    /// The owner.
    public let seller: UserID
    /// The valid product.
    public let product: NewProduct
    /// Unix milliseconds.
    public let createdAt: Int64

    /// Pairs a valid product with its seller and time.
    public init(seller: UserID, product: NewProduct, createdAt: Int64) {
        self.seller = seller
        self.product = product
        self.createdAt = createdAt
    }
}
