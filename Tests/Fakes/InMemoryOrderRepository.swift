public import Marketplace
import Synchronization

/// Orders and their payments as `OrderStore` keeps them, with the same guards.
///
/// A transaction is `transaction { state, carts, products in … }`: it holds this fake's
/// lock, then the cart fake's, then the product fake's (always in that order, so the fakes
/// never deadlock), works on copies and stores them only when the body returns. A throw —
/// a short line, a lost guard — therefore changes nothing, as a rollback would. Every
/// stock move happens inside the transaction of the status change it belongs to and only
/// when that change's guard held, so stock returns exactly once however callers race.
///
/// Events: each change appends what the SQL adapter's outbox would (`events`), so tests can
/// count `order.paid` and friends.
public final class InMemoryOrderRepository: OrderRepository {
    /// One order with the payment columns the domain value does not carry.
    struct Row: Sendable {
        var order: Order
        var proofToken: String?
        var lockedUntil: Double?
        var nextAttemptAt: Double?
        var cancelClaimedUntil: Double?
        var sealedCard: String?
        var paymentUpdatedAt: Double
    }

    struct State: Sendable {
        var rows: [OrderID: Row] = [:]
        /// `card_locks`: fingerprint → (payment id, lease end).
        var cardLocks: [String: CardLock] = [:]
        var events: [RecordedEvent] = []
    }

    struct CardLock: Sendable {
        let payment: String
        let until: Double
    }

    /// An outbox entry: the event's type and the order as that change left it.
    public struct RecordedEvent: Sendable, Equatable {
        public let type: EventType
        public let order: Order
    }

    let state = Mutex(State())
    public let products: InMemoryProductRepository
    public let carts: InMemoryCartRepository

    public init(products: InMemoryProductRepository, carts: InMemoryCartRepository) {
        self.products = products
        self.carts = carts
    }

    /// Every event appended so far, oldest first.
    public var events: [RecordedEvent] { state.withLock { $0.events } }

    /// How many events of `type` were appended for `order`.
    public func eventCount(_ type: EventType, of order: OrderID) -> Int {
        state.withLock { $0.events.count { $0.type == type && $0.order.id == order } }
    }

    /// The lease and next attempt of a payment, as the recovery columns hold them.
    public func recoveryColumns(of order: OrderID) -> (lockedUntil: Double?, nextAttemptAt: Double?)? {
        state.withLock { $0.rows[order].map { ($0.lockedUntil, $0.nextAttemptAt) } }
    }

    /// The in-memory write transaction (see the type's comment).
    func transaction<T: Sendable>(_ body: (inout State, inout [InMemoryCartRepository.Line], inout [Product]) throws -> T) throws -> T {
        try state.withLock { stored in
            try carts.withLines { storedLines in
                try products.withRows { storedProducts in
                    var copy = stored, lines = storedLines, rows = storedProducts
                    let value = try body(&copy, &lines, &rows)
                    stored = copy
                    storedLines = lines
                    storedProducts = rows
                    return value
                }
            }
        }
    }

    public func place(_ draft: OrderDraft) async throws -> Order {
        try transaction { state, _, products in
            var missing: [FieldIssue] = [], short: [FieldIssue] = [], items: [OrderItem] = []
            for (index, line) in draft.lines.enumerated() {
                let id = line.productID.rawValue
                guard let at = products.firstIndex(where: { $0.id == line.productID && $0.status == .onSale }) else {
                    missing.append(FieldIssue(field: "items[\(index)].productId", message: "no product \(id) is on sale"))
                    continue
                }
                // The guarded decrement: `stock >= quantity` on an ON_SALE product.
                guard products[at].stock >= line.quantity else {
                    short.append(FieldIssue(field: "items[\(index)].productId",
                                            message: "product \(id) has \(products[at].stock) in stock; \(line.quantity) asked"))
                    continue
                }
                products[at].stock -= line.quantity
                let product = products[at]
                items.append(OrderItem(productID: product.id, sellerID: product.sellerID, name: product.name, unitPrice: product.price,
                                       quantity: line.quantity, taxFree: product.taxFree, status: .ordered))
            }
            if !missing.isEmpty {
                throw MarketplaceError.productsNotFound(detail: "Some products are unknown, hidden or deleted; nothing was reserved.",
                                                        issues: missing)
            }
            if !short.isEmpty {
                throw MarketplaceError.outOfStock(detail: "Some products have too few units; nothing was reserved.", issues: short)
            }
            let amounts = OrderAmounts(items)
            let payment = Payment(id: draft.paymentID, provider: draft.provider, orderID: draft.id, status: .ready, amount: amounts.due,
                                  vat: amounts.dueVat, taxFreeAmount: amounts.dueTaxFree, balanceAmount: amounts.due,
                                  balanceVat: amounts.dueVat)
            let order = Order(id: draft.id, customerID: draft.customerID, status: .pendingPayment, items: items,
                              shippingAddress: draft.shippingAddress, trackingNumber: nil, createdAt: draft.createdAt,
                              updatedAt: draft.createdAt, expiresAt: draft.expiresAt, payment: payment,
                              history: [OrderHistoryEntry(status: .pendingPayment, at: draft.createdAt, by: draft.by)])
            state.rows[draft.id] = Row(order: order, paymentUpdatedAt: draft.createdAt)
            state.events.append(RecordedEvent(type: .orderCreated, order: order))
            return order
        }
    }

    public func storeCheckout(_ preparation: PaymentPreparation, for order: OrderID, at time: Double) async throws -> Order? {
        try transaction { state, _, _ in
            guard var row = state.rows[order], row.order.payment.status == .ready else { return nil }
            row.order.payment.checkout = preparation.checkout
            row.order.payment.tid = preparation.tid ?? row.order.payment.tid
            row.paymentUpdatedAt = time
            state.rows[order] = row
            return row.order
        }
    }

    public func discard(_ order: OrderID) async throws -> Bool {
        try transaction { state, _, products in
            guard let row = state.rows[order], row.order.status == .pendingPayment, row.order.payment.status == .ready else {
                return false
            }
            Self.returnStock(of: row.order, to: &products)
            state.rows[order] = nil
            // Nothing here dispatches events, so all of the order's are "not yet sent": they go with it.
            state.events.removeAll { $0.order.id == order }
            return true
        }
    }

    public func find(_ id: OrderID) async throws -> Order? {
        state.withLock { $0.rows[id]?.order }
    }

    public func list(_ query: OrderQuery) async throws -> Page<Order> {
        let matching = state.withLock { state in
            state.rows.values.map(\.order).filter { order in
                (query.customer.map { order.customerID == $0 } ?? true)
                    && (query.seller.map { seller in order.items.contains { $0.sellerID == seller } } ?? true)
                    && (query.status.map { order.status == $0 } ?? true)
            }
        }.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
        return Page(items: Array(matching.dropFirst(query.page.offset).prefix(query.page.size)), request: query.page,
                    totalItems: matching.count)
    }

    public func cancel(_ id: OrderID, customer: UserID, reason: String, by actor: String, at time: Double,
                       _ plan: @escaping @Sendable (Order) throws -> OrderCancellation) async throws -> Order? {
        try transaction { state, _, products in
            guard var row = state.rows[id], row.order.customerID == customer else { return nil }
            let cancellation = try plan(row.order)
            let before = row.order.status
            Self.cancelLines(cancellation.lines, of: &row.order, reason: reason, products: &products)
            let amounts = row.order.amounts
            if cancellation.paymentStatus == .ready {
                row.order.payment.amount = amounts.due
                row.order.payment.vat = amounts.dueVat
                row.order.payment.taxFreeAmount = amounts.dueTaxFree
                row.order.payment.balanceAmount = amounts.due
                row.order.payment.balanceVat = amounts.dueVat
            } else {
                // Nothing was charged and nothing will be: the amount asked stays, the balance is 0.
                row.order.payment.status = cancellation.paymentStatus
                row.order.payment.balanceAmount = 0
                row.order.payment.balanceVat = 0
            }
            row.paymentUpdatedAt = time
            row.order.status = cancellation.orderStatus
            row.order.updatedAt = time
            if cancellation.orderStatus != before {
                row.order.history.append(OrderHistoryEntry(status: cancellation.orderStatus, at: time, by: actor))
            }
            state.rows[id] = row
            state.events.append(RecordedEvent(type: row.order.status == .canceled ? .orderCanceled : .orderPartiallyCanceled,
                                              order: row.order))
            return row.order
        }
    }

    public func move(_ id: OrderID, from: OrderStatus, to: OrderStatus, trackingNumber: String?, by actor: String,
                     at time: Double) async throws -> Order? {
        try transaction { state, _, _ in
            guard var row = state.rows[id], row.order.status == from else { return nil }
            row.order.status = to
            row.order.trackingNumber = trackingNumber ?? row.order.trackingNumber
            row.order.updatedAt = time
            row.order.history.append(OrderHistoryEntry(status: to, at: time, by: actor))
            state.rows[id] = row
            if let type = EventType.moved(to: to) { state.events.append(RecordedEvent(type: type, order: row.order)) }
            return row.order
        }
    }

    public func dueForExpiry(at time: Double, limit: Int) async throws -> [DueOrder] {
        state.withLock { state in
            state.rows.values.map(\.order).filter(Self.expirable(at: time)).sorted { $0.expiresAt < $1.expiresAt }.prefix(limit)
                .map { order in
                    DueOrder(id: order.id, products: Array(Set(order.items.filter { $0.status == .ordered }.map(\.productID))))
                }
        }
    }

    public func expire(_ id: OrderID, at time: Double) async throws -> Bool {
        try transaction { state, _, products in
            // The guarded change: only one sweep (and no confirm that claimed the payment) wins it.
            guard var row = state.rows[id], Self.expirable(at: time)(row.order) else { return false }
            Self.returnStock(of: row.order, to: &products)
            row.order.status = .expired
            row.order.updatedAt = time
            row.order.payment.status = .expired
            row.order.payment.balanceAmount = 0
            row.order.payment.balanceVat = 0
            row.paymentUpdatedAt = time
            row.order.history.append(OrderHistoryEntry(status: .expired, at: time, by: OrderHistoryEntry.system))
            state.rows[id] = row
            state.events.append(RecordedEvent(type: .orderExpired, order: row.order))
            return true
        }
    }

    public func nextExpiry() async throws -> Double? {
        state.withLock { state in
            state.rows.values.map(\.order).filter { $0.status == .pendingPayment && $0.payment.status == .ready }.map(\.expiresAt).min()
        }
    }

    // MARK: Helpers, called inside a transaction

    static func expirable(at time: Double) -> (Order) -> Bool {
        { $0.status == .pendingPayment && $0.expiresAt <= time && $0.payment.status == .ready }
    }

    /// Cancels units of ORDERED lines (fewer units than a line holds split it: the canceled
    /// ones become a CANCELED line at the end) and returns their stock.
    static func cancelLines(_ lines: [OrderLine], of order: inout Order, reason: String, products: inout [Product]) {
        for line in lines {
            guard let index = order.items.firstIndex(where: { $0.productID == line.productID && $0.status == .ordered }) else { continue }
            if line.quantity >= order.items[index].quantity {
                order.items[index].status = .canceled
            } else {
                order.items[index].quantity -= line.quantity
                var canceled = order.items[index]
                canceled.quantity = line.quantity
                canceled.status = .canceled
                order.items.append(canceled)
            }
            returnStock(line.productID, line.quantity, to: &products)
        }
    }

    /// Returns the stock of the order's ORDERED lines (whatever their products' status now).
    static func returnStock(of order: Order, to products: inout [Product]) {
        for item in order.items where item.status == .ordered { returnStock(item.productID, item.quantity, to: &products) }
    }

    /// Adds units back, capped at the schema's 1,000,000 like the SQL adapter.
    static func returnStock(_ product: ProductID, _ quantity: Int, to products: inout [Product]) {
        guard let index = products.firstIndex(where: { $0.id == product }) else { return }
        products[index].stock = min(products[index].stock + quantity, 1_000_000)
    }
}

/// What the SQL adapter raises where a write finds the database in a state its guards rule
/// out (the transaction rolls back); here the same throw discards the copies.
struct InMemoryStoreError: Error, CustomStringConvertible {
    let description: String
}
