/// Where products live. Seller operations take the seller's id and see only that seller's
/// live (not DELETED) products; public queries see only ON_SALE ones.
public protocol ProductRepository: Sendable {
    /// Stores a new product of `seller`, created at `time` (Unix milliseconds).
    func create(_ product: NewProduct, seller: UserID, at time: Int64) async throws -> Product

    /// The seller's live product with its images, or nil.
    func find(_ id: ProductID, seller: UserID) async throws -> Product?

    /// Applies `changes` to the seller's live product and returns it, or nil when absent.
    func update(_ id: ProductID, seller: UserID, with changes: ProductChanges, at time: Int64) async throws -> Product?

    /// Marks the seller's live product DELETED; false when absent.
    func delete(_ id: ProductID, seller: UserID, at time: Int64) async throws -> Bool

    /// A page of the seller's live products, newest first.
    func list(_ query: SellerProductQuery) async throws -> Page<ProductSummary>

    /// The ON_SALE product with its images, or nil (hidden, deleted or unknown).
    func onSale(_ id: ProductID) async throws -> Product?

    /// One page of ON_SALE products in the query's order (its items only).
    func listingPage(_ query: ProductListingQuery) async throws -> [ProductSummary]

    /// How many ON_SALE products `filter` matches.
    func listingCount(_ filter: ListingFilter) async throws -> Int

    /// Each category with at least one ON_SALE product and its count, by name.
    func categories() async throws -> [CategoryCount]

    /// Stores many valid products in one transaction (demo data, imports).
    func importProducts(_ products: [ProductImport]) async throws
}
