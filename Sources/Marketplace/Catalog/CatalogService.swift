/// What sellers do with their own products: create, list (hidden ones included), read,
/// change any subset of fields, and soft-delete. Another seller's product, or a deleted
/// one, is not found for every verb (ids never leak).
///
/// Every committed write advances the catalog generation, so that cached listings, counts
/// and pages computed before it are not served after the write's response.
public struct CatalogService: Sendable {
    let products: any ProductRepository
    let generation: CatalogGeneration
    let clock: any WallClock

    /// Creates the service over its ports.
    public init(products: any ProductRepository, generation: CatalogGeneration, clock: any WallClock) {
        self.products = products
        self.generation = generation
        self.clock = clock
    }

    /// Creates a product of the calling seller. Errors: 400 naming every bad field.
    public func create(_ form: ProductForm, by principal: Principal) async throws -> Product {
        try Self.requireSeller(principal)
        let product = try form.validatedNewProduct()
        let created = try await products.create(product, seller: principal.userID, at: now)
        generation.advance()
        return created
    }

    /// A page of the seller's live products, newest first; `status` narrows it.
    public func list(status: ProductStatus?, page: PageRequest, by principal: Principal) async throws -> Page<ProductSummary> {
        try Self.requireSeller(principal)
        return try await products.list(SellerProductQuery(seller: principal.userID, status: status, page: page))
    }

    /// One of the seller's live products. Errors: 404 `PRODUCT_NOT_FOUND`.
    public func product(_ id: ProductID, by principal: Principal) async throws -> Product {
        try Self.requireSeller(principal)
        guard let product = try await products.find(id, seller: principal.userID) else { throw Self.notFound }
        return product
    }

    /// Changes the fields `form` holds; absent ones stay. Errors: 404 `PRODUCT_NOT_FOUND`
    /// (checked first, so a bad body for someone else's product still answers 404), 400.
    public func update(_ id: ProductID, with form: ProductForm, by principal: Principal) async throws -> Product {
        try Self.requireSeller(principal)
        let changes: ProductChanges
        do {
            changes = try form.validatedChanges()
        } catch {
            _ = try await product(id, by: principal)
            throw error
        }
        if changes.isEmpty { return try await product(id, by: principal) }
        guard let updated = try await products.update(id, seller: principal.userID, with: changes, at: now) else {
            throw Self.notFound
        }
        generation.advance()
        return updated
    }

    /// Soft-deletes a product: gone from listings, kept for past orders. Errors: 404.
    public func delete(_ id: ProductID, by principal: Principal) async throws {
        try Self.requireSeller(principal)
        guard try await products.delete(id, seller: principal.userID, at: now) else { throw Self.notFound }
        generation.advance()
    }

    private var now: Int64 { Int64((clock.now() * 1000).rounded()) }

    static func requireSeller(_ principal: Principal) throws {
        guard principal.has(.seller) else {
            throw MarketplaceError.forbidden(code: "FORBIDDEN_ROLE", detail: "This needs the SELLER role.")
        }
    }

    /// 404 `PRODUCT_NOT_FOUND`, for products that are not the caller's or are deleted.
    public static let notFound = MarketplaceError.notFound(code: "PRODUCT_NOT_FOUND", detail: "You have no product with this id.")
}
