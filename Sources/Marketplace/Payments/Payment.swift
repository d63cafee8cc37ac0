/// An order's payment (docs/API.md §6). Amounts are whole KRW; times are seconds since the epoch.
///
/// While the payment is READY, `amount` is what the customer still owes: the order's
/// ORDERED lines (a partial cancel of an unpaid order lowers it), with `vat` and
/// `taxFreeAmount` recomputed by §6's rule; `balanceAmount`/`balanceVat` equal them until
/// money moves (refunds, issue #7, lower the balance only).
public struct Payment: Sendable, Equatable {
    /// `pay_` + random base62.
    public let id: String
    public let provider: PaymentProvider
    public let orderID: OrderID
    public var status: PaymentStatus
    public var amount: Int64
    public var vat: Int64
    public var taxFreeAmount: Int64
    public var balanceAmount: Int64
    public var balanceVat: Int64
    /// Toss `paymentKey`, once confirmed.
    public var paymentKey: String?
    /// Kakao `tid` (from `ready`) or the card company's management id.
    public var tid: String?
    public var card: PaymentCard?
    public var approvedAt: Double?
    public var cancels: [PaymentCancel]
    /// Gateway attempts made so far: the confirm, then one per recovery attempt.
    public var attempts: Int
    /// The client's `payment.checkout` data from the gateway's `prepare`; nil until stored
    /// (a crash between placing and storing it leaves nil, and the order simply expires).
    public var checkout: [(String, CheckoutValue)]?

    /// Creates a payment value.
    public init(id: String, provider: PaymentProvider, orderID: OrderID, status: PaymentStatus, amount: Int64, vat: Int64,
                taxFreeAmount: Int64, balanceAmount: Int64, balanceVat: Int64, paymentKey: String? = nil, tid: String? = nil,
                card: PaymentCard? = nil, approvedAt: Double? = nil, cancels: [PaymentCancel] = [], attempts: Int = 0,
                checkout: [(String, CheckoutValue)]? = nil) {
        self.id = id
        self.provider = provider
        self.orderID = orderID
        self.status = status
        self.amount = amount
        self.vat = vat
        self.taxFreeAmount = taxFreeAmount
        self.balanceAmount = balanceAmount
        self.balanceVat = balanceVat
        self.paymentKey = paymentKey
        self.tid = tid
        self.card = card
        self.approvedAt = approvedAt
        self.cancels = cancels
        self.attempts = attempts
        self.checkout = checkout
    }

    public static func == (lhs: Payment, rhs: Payment) -> Bool {
        lhs.id == rhs.id && lhs.status == rhs.status && lhs.amount == rhs.amount && lhs.vat == rhs.vat
            && lhs.taxFreeAmount == rhs.taxFreeAmount && lhs.balanceAmount == rhs.balanceAmount
            && lhs.balanceVat == rhs.balanceVat && lhs.paymentKey == rhs.paymentKey && lhs.tid == rhs.tid
            && lhs.card == rhs.card && lhs.approvedAt == rhs.approvedAt && lhs.cancels == rhs.cancels
            && lhs.attempts == rhs.attempts
            && lhs.checkout.map { PaymentPreparation(checkout: $0) } == rhs.checkout.map { PaymentPreparation(checkout: $0) }
    }
}

/// The card a CARD payment was made with; never the number in clear.
public struct PaymentCard: Sendable, Equatable {
    /// First 6 and last 3 digits, `*` between.
    public var maskedNumber: String
    /// MMYY.
    public var expiry: String

    public init(maskedNumber: String, expiry: String) {
        self.maskedNumber = maskedNumber
        self.expiry = expiry
    }
}

/// One refund of a payment.
public struct PaymentCancel: Sendable, Equatable {
    public var tid: String?
    public var amount: Int64
    public var vat: Int64
    public var reason: String
    public var canceledAt: Double

    public init(tid: String?, amount: Int64, vat: Int64, reason: String, canceledAt: Double) {
        self.tid = tid
        self.amount = amount
        self.vat = vat
        self.reason = reason
        self.canceledAt = canceledAt
    }
}
