import Marketplace
@testable import Storage
import Testing

/// The product repository on an in-memory database with every shipped migration.
struct ProductStoreTests {
    let database: Database
    let products: ProductStore
    let seller: UserID
    let other: UserID

    init() async throws {
        database = try RepositoryDatabase.make()
        products = ProductStore(database: database)
        let users = UserStore(database: database)
        func account(_ email: String) -> NewAccount {
            NewAccount(email: EmailAddress(email)!, password: "password1", name: "S", phone: nil, role: .seller, emailVerified: true)
        }
        let hash = "$2b$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"
        seller = try await users.create(account("a@example.com"), passwordHash: hash, createdAt: 1).id
        other = try await users.create(account("b@example.com"), passwordHash: hash, createdAt: 1).id
    }

    static func make(_ name: String, price: Int64 = 1000, category: String = "home", status: ProductStatus = .onSale) -> NewProduct {
        NewProduct(name: name, description: "About \(name)", price: price, stock: 3, category: category, taxFree: false, status: status)
    }

    @discardableResult
    func add(_ name: String, price: Int64 = 1000, category: String = "home", status: ProductStatus = .onSale,
             at time: Int64 = 1_000, by owner: UserID? = nil) async throws -> Product {
        try await products.create(Self.make(name, price: price, category: category, status: status), seller: owner ?? seller, at: time)
    }

    @Test("create, find, update and soft-delete are scoped to the seller")
    func sellerScope() async throws {
        let created = try await add("Mug")
        #expect(created.name == "Mug" && created.description == "About Mug" && created.images.isEmpty && created.updatedAt == 1_000)
        #expect(try await products.find(created.id, seller: other) == nil)
        #expect(try await products.update(created.id, seller: other, with: ProductChanges(price: 1), at: 2_000) == nil)
        #expect(try await products.delete(created.id, seller: other, at: 2_000) == false)
        let updated = try await products.update(created.id, seller: seller, with: ProductChanges(price: 5, status: .hidden), at: 2_000)
        #expect(updated?.price == 5 && updated?.status == .hidden && updated?.name == "Mug" && updated?.updatedAt == 2_000)
        #expect(try await products.delete(created.id, seller: seller, at: 3_000))
        #expect(try await products.find(created.id, seller: seller) == nil)
        #expect(try await products.delete(created.id, seller: seller, at: 3_000) == false)
        #expect(try await products.update(created.id, seller: seller, with: ProductChanges(price: 9), at: 4_000) == nil)
    }

    @Test("the seller's list has hidden products, not deleted ones or other sellers', newest first")
    func sellerList() async throws {
        try await add("A", at: 1_000)
        try await add("B", status: .hidden, at: 2_000)
        let gone = try await add("C", at: 3_000)
        _ = try await products.delete(gone.id, seller: seller, at: 4_000)
        try await add("D", at: 5_000, by: other)
        let page = try await products.list(SellerProductQuery(seller: seller))
        #expect(page.items.map(\.name) == ["B", "A"] && page.totalItems == 2)
        #expect(try await products.list(SellerProductQuery(seller: seller, status: .hidden)).items.map(\.name) == ["B"])
    }

    @Test("listings hold ON_SALE products only, in each order with id tie-breaks")
    func orders() async throws {
        try await add("b", price: 20, at: 1_000)     // 1
        try await add("a", price: 10, at: 2_000)     // 2
        try await add("b", price: 10, at: 2_000)     // 3
        try await add("x", status: .hidden, at: 9_000)
        let gone = try await add("y", at: 9_000)
        _ = try await products.delete(gone.id, seller: seller, at: 9_500)
        func ids(_ sort: ProductSort) async throws -> [Int64] {
            try await products.listingPage(ProductListingQuery(sort: sort)).map(\.id.rawValue)
        }
        #expect(try await ids(.newest) == [3, 2, 1])
        #expect(try await ids(.name) == [2, 1, 3])
        #expect(try await ids(.priceAscending) == [2, 3, 1])
        #expect(try await ids(.priceDescending) == [1, 3, 2])
        #expect(try await products.listingCount(ListingFilter()) == 3)
        let second = try await products.listingPage(ProductListingQuery(sort: .name, page: PageRequest(page: 2, size: 2)))
        #expect(second.map(\.id.rawValue) == [3])
    }

    @Test("category filters exactly; q matches a case-insensitive substring, Unicode and Korean included")
    func filters() async throws {
        try await add("Blue MUG", category: "kitchen")
        try await add("ÉCLAIR Tin", category: "kitchen")
        try await add("파란 머그컵", category: "home")
        try await add("mugs-hidden", status: .hidden)
        func names(_ filter: ListingFilter) async throws -> [String] {
            try await products.listingPage(ProductListingQuery(filter: filter, sort: .name)).map(\.name)
        }
        #expect(try await names(ListingFilter(category: "kitchen")) == ["Blue MUG", "ÉCLAIR Tin"])
        #expect(try await names(ListingFilter(category: "kitch")) == [])
        #expect(try await names(ListingFilter(search: "mug")) == ["Blue MUG"])
        #expect(try await names(ListingFilter(search: "éclair")) == ["ÉCLAIR Tin"])
        #expect(try await names(ListingFilter(search: "머그")) == ["파란 머그컵"])
        #expect(try await names(ListingFilter(search: "%")) == [])
        #expect(try await products.listingCount(ListingFilter(category: "kitchen", search: "TIN")) == 1)
        _ = try await products.update(ProductID(rawValue: 1), seller: seller, with: ProductChanges(name: "Green Cup"), at: 5)
        #expect(try await names(ListingFilter(search: "CUP")) == ["Green Cup"])
    }

    @Test("categories count on-sale products, by name; the detail is on-sale only")
    func categoriesAndDetail() async throws {
        try await add("A", category: "toys")
        try await add("B", category: "books")
        try await add("C", category: "books")
        try await add("D", category: "garden", status: .hidden)
        #expect(try await products.categories() == [CategoryCount(name: "books", productCount: 2), CategoryCount(name: "toys", productCount: 1)])
        #expect(try await products.onSale(ProductID(rawValue: 2))?.name == "B")
        #expect(try await products.onSale(ProductID(rawValue: 4)) == nil)
    }

    @Test("imports write every product in one call")
    func imports() async throws {
        var demo = DemoCatalog(sellers: [seller, other])
        try await products.importProducts(demo.next(300))
        let hidden = try await products.list(SellerProductQuery(seller: seller, status: .hidden)).totalItems
            + (try await products.list(SellerProductQuery(seller: other, status: .hidden)).totalItems)
        #expect(try await products.listingCount(ListingFilter()) + hidden == 300)
    }

    @Test("a suspended seller's products, old and new, leave the public catalog in the suspension's transaction and come back")
    func suspendedSeller() async throws {
        let users = UserStore(database: database)
        let mug = try await add("Mug", category: "home")
        let cup = try await add("Cup", category: "home", by: other)
        _ = try await users.setStatus(.suspended, of: seller)
        let created = try await add("Bowl", category: "home")   // a product written while suspended stays out too
        #expect(try await products.onSale(mug.id) == nil)
        #expect(try await products.onSale(created.id) == nil)
        #expect(try await products.listingCount(ListingFilter()) == 1)
        #expect(try await products.listingPage(ProductListingQuery(filter: ListingFilter(), sort: .newest, page: PageRequest())).map(\.id) == [cup.id])
        #expect(try await products.categories() == [CategoryCount(name: "home", productCount: 1)])
        #expect(try await products.find(mug.id, seller: seller) == mug, "the seller's own view is unchanged")
        _ = try await users.setStatus(.active, of: seller)
        #expect(try await products.onSale(mug.id) == mug)
        #expect(try await products.listingCount(ListingFilter()) == 3)
    }

    // EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's planner is free to choose by its statistics.
    @Test("page queries walk a covering index and read only the page's rows",
          .enabled(if: RepositoryDatabase.postgresURL == nil), arguments: ProductSort.allCases)
    func plans(sort: ProductSort) async throws {
        for filter in [ListingFilter(), ListingFilter(category: "books")] {
            let (condition, _) = ProductStore.listingCondition(filter)
            let order = ProductStore.order(sort)
            let plan = try await database.read { connection in
                try connection.query("""
                    EXPLAIN QUERY PLAN SELECT id FROM products WHERE id IN (
                        SELECT id FROM products WHERE \(condition) ORDER BY \(order) LIMIT 20 OFFSET 9980) ORDER BY \(order)
                    """, bindings: filter.category.map { [$0] } ?? []).map { try $0.string("detail") }
            }
            #expect(plan.contains { $0.hasPrefix("SEARCH products USING COVERING INDEX products_") }, "\(plan)")
            #expect(plan.contains("SEARCH products USING INTEGER PRIMARY KEY (rowid=?)"), "\(plan)")
            #expect(plan.filter { $0.contains("TEMP B-TREE") }.count == 1, "only the outer 20 rows are sorted: \(plan)")
        }
    }
}
