/// Who takes the money for an order (docs/API.md §5–§6).
public enum PaymentProvider: String, Sendable, CaseIterable, Codable {
    /// Toss Payments, v1 API.
    case toss = "TOSS"
    /// Kakao Pay, single-payment API.
    case kakaoPay = "KAKAOPAY"
    /// A card company reached directly with the 450-character message.
    case card = "CARD"
}

/// What a gateway is told about the order it takes money for. Amounts are KRW.
public struct PaymentOrder: Sendable, Equatable {
    /// The order's id, sent to the gateway as its `orderId` / `partner_order_id`.
    public var orderId: String
    /// A short human name ("Keyboard and 2 more").
    public var orderName: String
    /// The paying customer (Toss `customerKey`, Kakao `partner_user_id`).
    public var customerId: UserID
    /// The amount to charge.
    public var amount: Int64
    /// The part of `amount` that is VAT-exempt.
    public var taxFreeAmount: Int64
    /// The VAT inside `amount` (§6).
    public var vat: Int64
    /// Units ordered (Kakao's `quantity`).
    public var quantity: Int

    public init(orderId: String, orderName: String, customerId: UserID, amount: Int64, taxFreeAmount: Int64, vat: Int64,
                quantity: Int) {
        self.orderId = orderId
        self.orderName = orderName
        self.customerId = customerId
        self.amount = amount
        self.taxFreeAmount = taxFreeAmount
        self.vat = vat
        self.quantity = quantity
    }
}

/// One value of an order's `payment.checkout` object.
public enum CheckoutValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
}

/// What `prepare` hands back: the client's `payment.checkout` data and, for gateways that
/// open a transaction before the customer pays (Kakao `ready`), its id.
public struct PaymentPreparation: Sendable, Equatable {
    /// The `payment.checkout` fields, in the order the API shows them.
    public var checkout: [(String, CheckoutValue)]
    /// The gateway's transaction id when one exists before payment (Kakao `tid`).
    public var tid: String?

    public init(checkout: [(String, CheckoutValue)], tid: String? = nil) {
        self.checkout = checkout
        self.tid = tid
    }

    public static func == (lhs: PaymentPreparation, rhs: PaymentPreparation) -> Bool {
        lhs.tid == rhs.tid && lhs.checkout.elementsEqual(rhs.checkout) { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// Card data as the customer typed it; it lives in memory only for the length of a request.
public struct CardDetails: Sendable, Equatable {
    public var number: String
    /// MMYY.
    public var expiry: String
    public var cvc: String
    public var installmentMonths: Int

    public init(number: String, expiry: String, cvc: String, installmentMonths: Int) {
        self.number = number
        self.expiry = expiry
        self.cvc = cvc
        self.installmentMonths = installmentMonths
    }
}

/// The customer's proof of payment handed to `confirm`.
public enum PaymentProof: Sendable, Equatable {
    /// Toss: the `paymentKey` from the success redirect and the amount it carried.
    case toss(paymentKey: String, amount: Int64)
    /// Kakao Pay: the `tid` from `ready` and the `pg_token` from the approval redirect.
    case kakaoPay(tid: String, pgToken: String)
    /// Card company: the card itself, with a fresh 20-character management id.
    case card(CardDetails, managementId: String)
}

/// How the gateway knows a payment: whatever ids it handed out.
public struct PaymentReference: Sendable, Equatable {
    public var orderId: String
    /// Toss `paymentKey`.
    public var paymentKey: String?
    /// Kakao `tid`, or the card company's management id.
    public var tid: String?

    public init(orderId: String, paymentKey: String? = nil, tid: String? = nil) {
        self.orderId = orderId
        self.paymentKey = paymentKey
        self.tid = tid
    }
}

/// A payment the gateway approved.
public struct GatewayApproval: Sendable, Equatable {
    public var paymentKey: String?
    public var tid: String?
    /// The amount the gateway says it charged; callers compare it with the order's.
    public var amount: Int64
    /// Seconds since the Unix epoch, like `WallClock.now()`.
    public var approvedAt: Double
    /// What is left of the charge after refunds, where the gateway says (lookups); refunds
    /// compare it with the stored balance to find one whose answer was lost.
    public var balanceAmount: Int64?

    public init(paymentKey: String? = nil, tid: String? = nil, amount: Int64, approvedAt: Double, balanceAmount: Int64? = nil) {
        self.paymentKey = paymentKey
        self.tid = tid
        self.amount = amount
        self.approvedAt = approvedAt
        self.balanceAmount = balanceAmount
    }
}

/// The gateway's definite answer to `confirm`.
public enum ConfirmOutcome: Sendable, Equatable {
    case approved(GatewayApproval)
    /// The gateway refused; nothing was charged. `code` is the gateway's own.
    case declined(code: String, message: String)
}

/// The gateway's record of an order's payment, asked by the recovery worker.
public enum PaymentLookup: Sendable, Equatable {
    /// Charged (and not fully canceled).
    case approved(GatewayApproval)
    /// The gateway knows nothing of a charge for this order.
    case notFound
    /// Attempted and failed, canceled or expired there: no money moved.
    case failed(code: String)
}

/// A refund of part or all of a payment.
public struct PaymentCancellation: Sendable, Equatable {
    public var reference: PaymentReference
    public var amount: Int64
    public var vat: Int64
    public var taxFreeAmount: Int64
    public var reason: String
    /// Card company: the CANCEL message's own management id.
    public var managementId: String?
    /// Sent as the gateway's idempotency key where it takes one.
    public var idempotencyKey: String

    public init(reference: PaymentReference, amount: Int64, vat: Int64, taxFreeAmount: Int64, reason: String,
                managementId: String? = nil, idempotencyKey: String) {
        self.reference = reference
        self.amount = amount
        self.vat = vat
        self.taxFreeAmount = taxFreeAmount
        self.reason = reason
        self.managementId = managementId
        self.idempotencyKey = idempotencyKey
    }
}

/// The gateway's answer to a cancel it accepted.
public struct CancelReceipt: Sendable, Equatable {
    /// The cancel's own transaction id where the gateway gives one (card management id).
    public var tid: String?
    public var canceledAt: Double

    public init(tid: String? = nil, canceledAt: Double) {
        self.tid = tid
        self.canceledAt = canceledAt
    }
}

/// Why a gateway call has no definite answer. Every case means "the money may or may not
/// have moved": the payment becomes `UNKNOWN` and the recovery worker asks again later.
public enum GatewayError: Error, Sendable, Equatable {
    /// No answer within the configured timeout.
    case timeout
    /// The gateway answered with a server error.
    case unavailable(status: Int)
    /// The answer could not be read, was too large, or contradicts the request
    /// (another orderId or amount).
    case unreadable(String)
    /// The connection failed before an answer.
    case transport(String)
}

/// A payment gateway: Toss Payments, Kakao Pay or a card company. Adapters live in
/// MarketplaceServer; each call is made outside any database transaction.
public protocol PaymentGateway: Sendable {
    var provider: PaymentProvider { get }

    /// Before the customer pays: builds `payment.checkout` (Toss: local data; Kakao: `ready`).
    func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation

    /// Takes the money. `idempotencyKey` is the same on every retry of one payment, so the
    /// gateway approves it at most once.
    func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome

    /// The gateway's own record of this order's payment.
    func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup

    /// Refunds part or all of a payment. A refusal is thrown as `MarketplaceError`;
    /// no definite answer is thrown as `GatewayError`.
    func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt
}
