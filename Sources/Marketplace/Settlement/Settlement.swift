/// A settlement (docs/API.md §11): the available entries of one seller swept by one run, and
/// the payout that pays them. `amount = sales − refunds − commission`, always > 0 (a run
/// skips a seller below `settlement.minimumPayout`). Times are seconds since the epoch.
public struct Settlement: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case pending = "PENDING", paid = "PAID", failed = "FAILED"
    }

    public let id: Int64
    public let sellerID: UserID
    public let periodEnd: Double
    public let sales: Int64
    public let refunds: Int64
    public let commission: Int64
    public let amount: Int64
    public var status: Status
    public let payoutID: Int64?
    public let createdAt: Double
    public var paidAt: Double?

    public init(id: Int64, sellerID: UserID, periodEnd: Double, sales: Int64, refunds: Int64, commission: Int64, amount: Int64,
                status: Status, payoutID: Int64?, createdAt: Double, paidAt: Double?) {
        self.id = id
        self.sellerID = sellerID
        self.periodEnd = periodEnd
        self.sales = sales
        self.refunds = refunds
        self.commission = commission
        self.amount = amount
        self.status = status
        self.payoutID = payoutID
        self.createdAt = createdAt
        self.paidAt = paidAt
    }
}

/// The payout of one settlement. REQUESTED until the provider (or, for MANUAL, an admin)
/// reports PAID or FAILED; a FAILED one's amount is back in the seller's available balance
/// until it is retried.
public struct Payout: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case requested = "REQUESTED", paid = "PAID", failed = "FAILED"
    }

    public let id: Int64
    public let settlementID: Int64
    public let sellerID: UserID
    public let amount: Int64
    public let provider: String
    public var status: Status
    public let bankCode: String
    public let maskedAccountNumber: String
    public var reference: String?
    public var failureReason: String?
    public var attempts: Int
    public let createdAt: Double
    public var paidAt: Double?

    public init(id: Int64, settlementID: Int64, sellerID: UserID, amount: Int64, provider: String, status: Status, bankCode: String,
                maskedAccountNumber: String, reference: String?, failureReason: String?, attempts: Int, createdAt: Double,
                paidAt: Double?) {
        self.id = id
        self.settlementID = settlementID
        self.sellerID = sellerID
        self.amount = amount
        self.provider = provider
        self.status = status
        self.bankCode = bankCode
        self.maskedAccountNumber = maskedAccountNumber
        self.reference = reference
        self.failureReason = failureReason
        self.attempts = attempts
        self.createdAt = createdAt
        self.paidAt = paidAt
    }
}

/// A seller's money at one instant: `available + pending + paidOut` is every entry's sum,
/// `sales − refunds − commission`.
public struct SellerBalance: Sendable, Equatable {
    /// Entries still on hold (not yet available, or of orders not yet delivered) and
    /// settlements whose payout is under way.
    public let pending: Int64
    /// Available entries in no settlement, and those of FAILED settlements (until retried).
    public let available: Int64
    /// PAID settlements.
    public let paidOut: Int64

    public init(pending: Int64, available: Int64, paidOut: Int64) {
        self.pending = pending
        self.available = available
        self.paidOut = paidOut
    }
}
