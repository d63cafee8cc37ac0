import Marketplace
import Storage

/// Products wired to SQLite: the seller's catalog, the public listings and their caches.
/// `generation` is the catalog's one shared generation; every part that changes what
/// listings show (products here, images, orders moving stock) advances this instance.
struct CatalogComponents: Sendable {
    let generation: CatalogGeneration
    let products: ProductStore
    let catalog: CatalogService
    let browser: CatalogBrowser
    /// Rendered listing pages; nil when `catalog.listingCache` is false.
    let pages: ListingPageCache?
    /// Rendered product pages; nil when `catalog.listingCache` is false.
    let productPages: ProductPageCache?

    static func make(config: AppConfig, database: Database, generation: CatalogGeneration, clock: any WallClock) -> CatalogComponents {
        let products = ProductStore(database: database)
        return CatalogComponents(
            generation: generation, products: products,
            catalog: CatalogService(products: products, generation: generation, clock: clock),
            browser: CatalogBrowser(products: products, generation: generation),
            pages: config.catalog.listingCache ? ListingPageCache() : nil,
            productPages: config.catalog.listingCache ? ProductPageCache(capacity: 4096) : nil)
    }

    func register(on router: inout Router, baseURL: PublicBaseURL) {
        ProductRoutes.register(on: &router, browser: browser, generation: generation, pages: pages,
                                productPages: productPages, baseURL: baseURL)
        SellerProductRoutes.register(on: &router, catalog: catalog, baseURL: baseURL)
    }
}
