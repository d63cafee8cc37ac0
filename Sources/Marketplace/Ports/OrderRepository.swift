/// Which orders a list shows: a customer's, those holding a seller's products, or all.
public struct OrderQuery: Sendable {
    public var customer: UserID?
    public var seller: UserID?
    public var status: OrderStatus?
    public var page: PageRequest

    public init(customer: UserID? = nil, seller: UserID? = nil, status: OrderStatus? = nil, page: PageRequest) {
        self.customer = customer
        self.seller = seller
        self.status = status
        self.page = page
    }
}

/// What a cancel does, decided by `OrderService` inside the cancel's transaction.
public struct OrderCancellation: Sendable, Equatable {
    /// Units to cancel per product (each ≤ that product's ORDERED units).
    public let lines: [OrderLine]
    /// The order's status afterwards (CANCELED when no ORDERED unit is left).
    public let orderStatus: OrderStatus
    /// The payment's status afterwards.
    public let paymentStatus: PaymentStatus

    public init(lines: [OrderLine], orderStatus: OrderStatus, paymentStatus: PaymentStatus) {
        self.lines = lines
        self.orderStatus = orderStatus
        self.paymentStatus = paymentStatus
    }
}

/// An unpaid order past its `expiresAt` and the products whose stock it holds.
public struct DueOrder: Sendable, Equatable {
    public let id: OrderID
    public let products: [ProductID]

    public init(id: OrderID, products: [ProductID]) {
        self.id = id
        self.products = products
    }
}

/// Where orders and their payments live. Every method that moves stock does so in the same
/// transaction as the order change, guarded so that it happens exactly once.
public protocol OrderRepository: Sendable {
    /// In one transaction: decrements every line's stock (`stock >= quantity`, product ON_SALE),
    /// snapshots the lines, inserts the order (PENDING_PAYMENT), its first history entry and its
    /// READY payment. Throws 404 `PRODUCT_NOT_FOUND` / 409 `INSUFFICIENT_STOCK` naming every
    /// offending line (`items[i].productId`, `i` indexing `draft.lines`), and then nothing is written.
    func place(_ draft: OrderDraft) async throws -> Order

    /// Stores `prepare`'s checkout data (and tid) on the order's READY payment.
    func storeCheckout(_ preparation: PaymentPreparation, for order: OrderID, at time: Double) async throws -> Order?

    /// Undoes a placement whose checkout could not be prepared: returns the stock and deletes
    /// the order, its lines, history and payment, if it is still PENDING_PAYMENT and READY.
    func discard(_ order: OrderID) async throws -> Bool

    func find(_ id: OrderID) async throws -> Order?

    /// A page of orders, newest first.
    func list(_ query: OrderQuery) async throws -> Page<Order>

    /// In one transaction: reads the customer's order, asks `plan` what to cancel (a throw
    /// changes nothing), cancels those units (splitting a line when only some of its units
    /// go), returns their stock, recomputes the READY payment's amounts and records the
    /// status change. nil when the customer has no such order.
    func cancel(_ id: OrderID, customer: UserID, reason: String, by actor: String, at time: Double,
                _ plan: @escaping @Sendable (Order) throws -> OrderCancellation) async throws -> Order?

    /// Moves the order from `from` to `to` if it is still in `from`, recording history;
    /// nil when it is not (anymore) in `from`.
    func move(_ id: OrderID, from: OrderStatus, to: OrderStatus, trackingNumber: String?, by actor: String,
              at time: Double) async throws -> Order?

    /// Unpaid orders whose payment is READY and `expiresAt <= time`, oldest expiry first.
    func dueForExpiry(at time: Double, limit: Int) async throws -> [DueOrder]

    /// If the order is still PENDING_PAYMENT with a READY payment and due at `time`: EXPIRED,
    /// payment EXPIRED, stock returned, history by `system` — all in one transaction. False
    /// when another sweep (or a payment) got there first.
    func expire(_ id: OrderID, at time: Double) async throws -> Bool

    /// The earliest `expiresAt` of an unpaid order with a READY payment, if any.
    func nextExpiry() async throws -> Double?
}
