import Marketplace
import Synchronization
import MarketplaceFakes
import Testing

struct CatalogBrowserTests {
    let products = InMemoryProductRepository()
    let generation = CatalogGeneration()
    var browser: CatalogBrowser { CatalogBrowser(products: products, generation: generation) }
    let seller = UserID(rawValue: 1)

    func add(_ name: String, category: String = "home", status: ProductStatus = .onSale, at time: Int64 = 0) async throws {
        _ = try await products.create(NewProduct(name: name, description: "", price: 100, stock: 1, category: category,
                                                 taxFree: false, status: status), seller: seller, at: time)
    }

    @Test("the count is computed once per filter and generation, and again after the generation moves")
    func countCache() async throws {
        let browser = self.browser
        try await add("Mug")
        #expect(try await browser.page(ProductListingQuery()).totalItems == 1)
        #expect(try await browser.page(ProductListingQuery(page: PageRequest(page: 1, size: 5))).totalItems == 1)
        #expect(products.calls("listingCount") == 1)
        _ = try await browser.page(ProductListingQuery(filter: ListingFilter(category: "books")))
        #expect(products.calls("listingCount") == 2)
        try await add("Cup")
        generation.advance()
        #expect(try await browser.page(ProductListingQuery()).totalItems == 2)
        #expect(products.calls("listingCount") == 3)
    }

    @Test("a page past the end is empty without a page query; hopeless filters need no query at all")
    func shortcuts() async throws {
        try await add("Mug")
        let beyond = try await browser.page(ProductListingQuery(page: PageRequest(page: 2, size: 20)))
        #expect(beyond.items.isEmpty && beyond.totalItems == 1 && products.calls("listingPage") == 0)
        let bad = try await browser.page(ProductListingQuery(filter: ListingFilter(category: "Not A Category")))
        #expect(bad.totalItems == 0 && products.calls("listingCount") == 1)
    }

    @Test("search folds case, Korean included; categories count on-sale products only")
    func searchAndCategories() async throws {
        let browser = self.browser
        try await add("Blue MUG")
        try await add("파란 머그컵", category: "kitchen")
        try await add("Hidden mug", status: .hidden)
        #expect(try await browser.page(ProductListingQuery(filter: ListingFilter(search: "mUg"))).items.map(\.name) == ["Blue MUG"])
        #expect(try await browser.page(ProductListingQuery(filter: ListingFilter(search: "머그"))).totalItems == 1)
        #expect(try await browser.categories() == [CategoryCount(name: "home", productCount: 1),
                                                   CategoryCount(name: "kitchen", productCount: 1)])
        _ = try await browser.categories()
        #expect(products.calls("categories") == 1)
    }

    @Test("the detail shows on-sale products only")
    func detail() async throws {
        try await add("Mug")
        try await add("Secret", status: .hidden)
        #expect(try await browser.product(ProductID(rawValue: 1)).name == "Mug")
        await #expect(throws: MarketplaceError.self) { try await browser.product(ProductID(rawValue: 2)) }
        await #expect(throws: MarketplaceError.self) { try await browser.product(ProductID(rawValue: 3)) }
    }
}

struct GenerationCacheTests {
    struct Failure: Error {}

    @Test("concurrent misses share one computation")
    func singleFlight() async throws {
        let cache = GenerationCache<String, Int>(capacity: 4)
        let runs = Counter()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.value(for: "k", at: 0) { _ in
                        runs.increment()
                        try await Task.sleep(for: .milliseconds(50))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values.allSatisfy { $0 == 42 } && runs.value == 1)
    }

    @Test("a newer generation recomputes; an older one may reuse a newer value")
    func generations() async throws {
        let cache = GenerationCache<String, Int>(capacity: 4)
        #expect(try await cache.value(for: "k", at: 1) { _ in 1 } == 1)
        #expect(try await cache.value(for: "k", at: 2) { _ in 2 } == 2)
        #expect(try await cache.value(for: "k", at: 1) { _ in 3 } == 2)
    }

    @Test("failures are not kept, and the size stays bounded")
    func failuresAndCapacity() async throws {
        let cache = GenerationCache<Int, Int>(capacity: 3)
        await #expect(throws: Failure.self) { try await cache.value(for: 0, at: 0) { _ in throw Failure() } }
        #expect(try await cache.value(for: 0, at: 0) { _ in 7 } == 7)
        for key in 1...10 { _ = try await cache.value(for: key, at: 0) { $0 } }
        #expect(cache.count == 3)
    }
}

final class Counter: Sendable {
    private let state = Mutex(0)
    func increment() { state.withLock { $0 += 1 } }
    var value: Int { state.withLock { $0 } }
}
