/// The kinds of ledger entries (docs/API.md §11) and the sign each carries.
public enum LedgerEntryType: String, Sendable, CaseIterable {
    /// + the line's amount, at payment.
    case sale = "SALE"
    /// − the line's commission, at payment.
    case commission = "COMMISSION"
    /// − the line's share of a refund.
    case refund = "REFUND"
    /// + the commission no longer earned after a refund.
    case commissionRefund = "COMMISSION_REFUND"
}

/// One append-only ledger entry: money owed to (+) or taken from (−) a seller for one order
/// line. `availableAt` is nil until the order is DELIVERED; `settlementID` is set once, when
/// a settlement takes the entry. Times are seconds since the epoch.
public struct LedgerEntry: Sendable, Equatable {
    public let id: Int64
    public let sellerID: UserID
    public let orderID: OrderID
    public let productID: ProductID
    public let type: LedgerEntryType
    public let amount: Int64
    public let availableAt: Double?
    public let settlementID: Int64?
    public let createdAt: Double

    public init(id: Int64, sellerID: UserID, orderID: OrderID, productID: ProductID, type: LedgerEntryType, amount: Int64,
                availableAt: Double?, settlementID: Int64?, createdAt: Double) {
        self.id = id
        self.sellerID = sellerID
        self.orderID = orderID
        self.productID = productID
        self.type = type
        self.amount = amount
        self.availableAt = availableAt
        self.settlementID = settlementID
        self.createdAt = createdAt
    }
}

/// An entry to append, as `LedgerPlan` computes it.
public struct NewLedgerEntry: Sendable, Equatable {
    public let sellerID: UserID
    public let productID: ProductID
    public let type: LedgerEntryType
    public let amount: Int64

    public init(sellerID: UserID, productID: ProductID, type: LedgerEntryType, amount: Int64) {
        self.sellerID = sellerID
        self.productID = productID
        self.type = type
        self.amount = amount
    }
}
