public import Marketplace
import Synchronization

/// Products in an array, with the SQLite adapter's scoping and orders; counts its queries
/// so that tests can see what the caches saved.
public final class InMemoryProductRepository: ProductRepository {
    private let rows = Mutex<[Product]>([])
    private let counters = Mutex<[String: Int]>([:])

    public init() {}

    /// How often `name` (`listingCount`, `listingPage`, `categories`) was called.
    public func calls(_ name: String) -> Int { counters.withLock { $0[name, default: 0] } }
    private func record(_ name: String) { counters.withLock { $0[name, default: 0] += 1 } }

    /// Every stored product, DELETED ones included.
    public var all: [Product] { rows.withLock { $0 } }

    /// One product as stored (any status), or nil.
    public func stored(_ id: ProductID) -> Product? { rows.withLock { $0.first { $0.id == id } } }

    /// Runs `body` on the rows under this fake's lock: how another fake's transaction (an
    /// order moving stock, a cart reading it) sees and changes products atomically with its
    /// own state. Callers take their own lock first, then this one (orders → carts → products),
    /// so the fakes never deadlock.
    func withRows<T: Sendable>(_ body: (inout [Product]) throws -> T) throws -> T {
        try rows.withLock { rows in try body(&rows) }
    }

    public func create(_ product: NewProduct, seller: UserID, at time: Int64) async throws -> Product {
        rows.withLock { rows in
            let stored = Product(id: ProductID(rawValue: Int64(rows.count + 1)), sellerID: seller, name: product.name,
                                 description: product.description, price: product.price, stock: product.stock,
                                 category: product.category, taxFree: product.taxFree, status: product.status,
                                 thumbnailKey: nil, createdAt: time, updatedAt: time)
            rows.append(stored)
            return stored
        }
    }

    public func find(_ id: ProductID, seller: UserID) async throws -> Product? {
        rows.withLock { $0.first { $0.id == id && $0.sellerID == seller && $0.status != .deleted } }
    }

    public func update(_ id: ProductID, seller: UserID, with changes: ProductChanges, at time: Int64) async throws -> Product? {
        rows.withLock { rows in
            guard let index = rows.firstIndex(where: { $0.id == id && $0.sellerID == seller && $0.status != .deleted }) else { return nil }
            var product = rows[index]
            product.name = changes.name ?? product.name
            product.description = changes.description ?? product.description
            product.price = changes.price ?? product.price
            product.stock = changes.stock ?? product.stock
            product.category = changes.category ?? product.category
            product.taxFree = changes.taxFree ?? product.taxFree
            product.status = changes.status ?? product.status
            product.updatedAt = time
            rows[index] = product
            return product
        }
    }

    public func delete(_ id: ProductID, seller: UserID, at time: Int64) async throws -> Bool {
        try await update(id, seller: seller, with: ProductChanges(status: .deleted), at: time) != nil
    }

    public func list(_ query: SellerProductQuery) async throws -> Page<ProductSummary> {
        let matching = rows.withLock { $0 }.filter {
            $0.sellerID == query.seller && $0.status != .deleted && (query.status == nil || $0.status == query.status)
        }.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
        return Page(items: matching.dropFirst(query.page.offset).prefix(query.page.size).map(\.summary), request: query.page,
                    totalItems: matching.count)
    }

    public func onSale(_ id: ProductID) async throws -> Product? {
        rows.withLock { $0.first { $0.id == id && $0.status == .onSale } }
    }

    public func listingPage(_ query: ProductListingQuery) async throws -> [ProductSummary] {
        record("listingPage")
        return Array(matching(query.filter).sorted(by: Self.order(query.sort)).dropFirst(query.page.offset).prefix(query.page.size))
            .map(\.summary)
    }

    public func listingCount(_ filter: ListingFilter) async throws -> Int {
        record("listingCount")
        return matching(filter).count
    }

    public func categories() async throws -> [CategoryCount] {
        record("categories")
        return Dictionary(grouping: matching(ListingFilter()), by: \.category).map { CategoryCount(name: $0.key, productCount: $0.value.count) }
            .sorted { $0.name < $1.name }
    }

    public func importProducts(_ products: [ProductImport]) async throws {
        for entry in products { _ = try await create(entry.product, seller: entry.seller, at: entry.createdAt) }
    }

    private func matching(_ filter: ListingFilter) -> [Product] {
        rows.withLock { $0 }.filter { product in
            product.status == .onSale && (filter.category == nil || product.category == filter.category)
                && (filter.foldedSearch.map { ListingFilter.fold(product.name).contains($0) } ?? true)
        }
    }

    /// Names compare by code point, as SQLite's BINARY collation does on UTF-8.
    static func order(_ sort: ProductSort) -> (Product, Product) -> Bool {
        let points = { (name: String) in name.unicodeScalars.map(\.value) }
        return switch sort {
        case .newest: { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
        case .name: { a, b in points(a.name) == points(b.name) ? a.id < b.id : points(a.name).lexicographicallyPrecedes(points(b.name)) }
        case .priceAscending: { ($0.price, $0.id.rawValue) < ($1.price, $1.id.rawValue) }
        case .priceDescending: { ($0.price, $0.id.rawValue) > ($1.price, $1.id.rawValue) }
        }
    }
}
