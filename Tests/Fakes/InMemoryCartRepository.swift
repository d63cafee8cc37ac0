public import Marketplace
import Synchronization

/// Carts as `CartStore` keeps them: one line per (customer, product), joined with
/// the product fake for live names, prices and availability. A `change` holds this fake's
/// lock across the read, `decide` and the write: the in-memory equivalent of its one write
/// transaction (and of PostgreSQL's per-customer serialization), so two changes of one cart
/// cannot both pass a stale line count.
public final class InMemoryCartRepository: CartRepository {
    struct Line: Sendable {
        let customer: UserID
        let product: ProductID
        var quantity: Int
        /// Unix ms; the listing order is (addedAt, product id), like `ORDER BY added_at, product_id`.
        let addedAt: Int64
    }

    private let state = Mutex<[Line]>([])
    public let products: InMemoryProductRepository

    public init(products: InMemoryProductRepository) { self.products = products }

    public func cart(of customer: UserID) async throws -> Cart {
        let lines = ordered(customer)
        return Cart(items: try products.withRows { rows in
            // An inner join: a line whose product row is gone is not shown (products are only soft-deleted).
            lines.compactMap { line in
                guard let product = rows.first(where: { $0.id == line.product }) else { return nil }
                return CartItem(productID: line.product, name: product.name, price: product.price, quantity: line.quantity,
                                available: product.status == .onSale && product.stock >= line.quantity,
                                thumbnailKey: product.thumbnailKey)
            }
        })
    }

    public func change(_ product: ProductID, of customer: UserID, at time: Int64,
                       _ decide: @escaping @Sendable (CartLineState) throws -> Int?) async throws {
        try state.withLock { lines in
            let row = try products.withRows { rows in rows.first { $0.id == product }.map { ($0.status, $0.stock) } }
            let index = lines.firstIndex { $0.customer == customer && $0.product == product }
            let count = lines.count { $0.customer == customer }
            let decision = try decide(CartLineState(product: row.map { (status: $0.0, stock: $0.1) },
                                                    quantity: index.map { lines[$0].quantity }, lineCount: count))
            switch (decision, index) {
            case (let quantity?, let index?): lines[index].quantity = quantity
            case (let quantity?, nil): lines.append(Line(customer: customer, product: product, quantity: quantity, addedAt: time))
            case (nil, let index?): lines.remove(at: index)
            case (nil, nil): break
            }
        }
    }

    public func remove(_ product: ProductID, of customer: UserID) async throws -> Bool {
        state.withLock { lines in
            let before = lines.count
            lines.removeAll { $0.customer == customer && $0.product == product }
            return lines.count < before
        }
    }

    public func clear(_ customer: UserID) async throws {
        state.withLock { lines in lines.removeAll { $0.customer == customer } }
    }

    public func lines(of customer: UserID) async throws -> [OrderLine] {
        ordered(customer).map { OrderLine(productID: $0.product, quantity: $0.quantity) }
    }

    /// Runs `body` on the lines under this fake's lock, for `InMemoryOrderRepository`'s
    /// transactions (an approval removes the paid lines). Lock order: orders → carts → products.
    func withLines<T: Sendable>(_ body: (inout [Line]) throws -> T) throws -> T {
        try state.withLock { lines in try body(&lines) }
    }

    private func ordered(_ customer: UserID) -> [Line] {
        state.withLock { lines in
            lines.filter { $0.customer == customer }.sorted { ($0.addedAt, $0.product.rawValue) < ($1.addedAt, $1.product.rawValue) }
        }
    }
}
