/// An order (docs/API.md §5) with its lines' snapshots, its payment and its history.
/// Amounts are computed from the lines (`OrderAmounts`), so they cannot disagree with them.
public struct Order: Sendable, Equatable {
    public let id: OrderID
    public let customerID: UserID
    public var status: OrderStatus
    public var items: [OrderItem]
    public var shippingAddress: ShippingAddress
    public var trackingNumber: String?
    /// Seconds since the epoch, like `WallClock.now()`.
    public let createdAt: Double
    public var updatedAt: Double
    /// When an unpaid order expires.
    public let expiresAt: Double
    public var payment: Payment
    public var history: [OrderHistoryEntry]

    public init(id: OrderID, customerID: UserID, status: OrderStatus, items: [OrderItem], shippingAddress: ShippingAddress,
                trackingNumber: String?, createdAt: Double, updatedAt: Double, expiresAt: Double, payment: Payment,
                history: [OrderHistoryEntry]) {
        self.id = id
        self.customerID = customerID
        self.status = status
        self.items = items
        self.shippingAddress = shippingAddress
        self.trackingNumber = trackingNumber
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.payment = payment
        self.history = history
    }

    /// `totalAmount`, `taxFreeAmount`, `vat`, `canceledAmount` over every line.
    public var amounts: OrderAmounts { OrderAmounts(items) }

    /// The order as `seller` may see it: only its lines (amounts follow from them).
    public func visible(to seller: UserID) -> Order {
        var copy = self
        copy.items = items.filter { $0.sellerID == seller }
        return copy
    }
}

/// One line: a snapshot of the product at ordering time.
public struct OrderItem: Sendable, Equatable {
    public let productID: ProductID
    public let sellerID: UserID
    public let name: String
    public let unitPrice: Int64
    public var quantity: Int
    public let taxFree: Bool
    public var status: OrderItemStatus

    public init(productID: ProductID, sellerID: UserID, name: String, unitPrice: Int64, quantity: Int, taxFree: Bool,
                status: OrderItemStatus) {
        self.productID = productID
        self.sellerID = sellerID
        self.name = name
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.taxFree = taxFree
        self.status = status
    }

    public var subtotal: Int64 { unitPrice * Int64(quantity) }
}

/// One status change: what, when (seconds since the epoch) and by whom.
public struct OrderHistoryEntry: Sendable, Equatable {
    public let status: OrderStatus
    public let at: Double
    /// `customer:<id>`, `admin:<id>`, `seller:<id>` or `system` (see `Actor`).
    public let by: String

    public init(status: OrderStatus, at: Double, by: String) {
        self.status = status
        self.at = at
        self.by = by
    }

    /// The `by` of a change made by `principal`.
    public static func actor(_ principal: Principal) -> String { "\(principal.role.rawValue.lowercased()):\(principal.userID.rawValue)" }
    /// The `by` of the server's own workers (expiry, recovery).
    public static let system = "system"
}
