/// What anyone may read without a token: listings of ON_SALE products, one product's
/// detail, and the categories with their counts (docs/API.md §3).
///
/// Counts walk every matching index entry (≈ 5 ms over 100,000 products), so they are
/// kept per filter for the current catalog generation rather than recomputed per request.
public struct CatalogBrowser: Sendable {
    let products: any ProductRepository
    let generation: CatalogGeneration
    let counts: GenerationCache<ListingFilter, Int>
    let categoryCounts: GenerationCache<Int, [CategoryCount]>

    /// Creates the browser; `cachedFilters` bounds how many filters' counts are kept.
    public init(products: any ProductRepository, generation: CatalogGeneration, cachedFilters: Int = 1024) {
        self.products = products
        self.generation = generation
        counts = GenerationCache(capacity: cachedFilters)
        categoryCounts = GenerationCache(capacity: 1)
    }

    /// One page of the listing. A page past the end is empty (with the true totals).
    public func page(_ query: ProductListingQuery) async throws -> Page<ProductSummary> {
        if query.filter.matchesNothing { return Page(items: [], request: query.page, totalItems: 0) }
        let total = try await counts.value(for: query.filter, at: generation.current) { filter in
            try await products.listingCount(filter)
        }
        if query.page.offset >= total { return Page(items: [], request: query.page, totalItems: total) }
        return Page(items: try await products.listingPage(query), request: query.page, totalItems: total)
    }

    /// An ON_SALE product with its images. Errors: 404 `PRODUCT_NOT_FOUND` (hidden, deleted, unknown).
    public func product(_ id: ProductID) async throws -> Product {
        guard let product = try await products.onSale(id) else {
            throw MarketplaceError.notFound(code: "PRODUCT_NOT_FOUND", detail: "No product on sale has this id.")
        }
        return product
    }

    /// Every category with on-sale products, by name.
    public func categories() async throws -> [CategoryCount] {
        try await categoryCounts.value(for: 0, at: generation.current) { _ in try await products.categories() }
    }
}
