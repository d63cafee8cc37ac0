/// A payment the recovery worker has claimed: the order (with its payment as claimed) and
/// the customer's proof as stored at confirm time, to approve again where that is meaningful.
public struct RecoveryClaim: Sendable, Equatable {
    public let order: Order
    /// Kakao Pay's pg_token (the Toss paymentKey is on the payment itself).
    public let proofToken: String?

    public init(order: Order, proofToken: String?) {
        self.order = order
        self.proofToken = proofToken
    }
}

/// What one accepted refund changes, recorded by `PaymentRepository.recordCancel` in one
/// transaction with the gateway's receipt.
public struct RefundRecord: Sendable, Equatable {
    /// The amounts refunded and the balance left (from `PaymentBalance.cancel`).
    public let split: CancelSplit
    public let reason: String
    /// Units to cancel per product (a customer's cancel); nil for an admin refund, which
    /// cancels every remaining line only when it empties a PAID order's balance.
    public let lines: [OrderLine]?

    public init(split: CancelSplit, reason: String, lines: [OrderLine]?) {
        self.split = split
        self.reason = reason
        self.lines = lines
    }
}

/// The payment side of orders: confirm, recovery and refunds (docs/API.md §5–§6). Every method
/// that changes a status is ONE transaction that also writes the order's history (and, in
/// issue #8, its outbox event); every one that returns stock does so only when its guarded
/// status change won, so stock returns exactly once however the callers race.
public protocol PaymentRepository: Sendable {
    /// The order holding the payment with this id.
    func order(ofPayment id: String) async throws -> Order?

    /// Amount tampering: if still PENDING_PAYMENT with a READY payment, the order becomes
    /// PAYMENT_FAILED, the payment ABORTED and the stock returns. nil when the guard lost.
    func failBeforeGateway(_ order: OrderID, by actor: String, at time: Double) async throws -> Order?

    /// The claim of a live confirm: `READY → IN_PROGRESS` only while the order is
    /// PENDING_PAYMENT and not past `expiresAt`, storing the proof (paymentKey / pg_token),
    /// `attempts + 1` and the lease. nil when the guard lost (a concurrent confirm, the expiry
    /// worker, a cancel): exactly one claimant calls the gateway.
    func beginConfirm(_ order: OrderID, paymentKey: String?, proofToken: String?, leaseUntil: Double,
                      at time: Double) async throws -> Order?

    /// Approved: payment DONE (paymentKey/tid, approvedAt), order PAID, the ordered products'
    /// lines leave the customer's cart. Guarded on IN_PROGRESS/UNKNOWN, so exactly once; nil
    /// when another writer settled the payment first.
    func recordApproval(payment id: String, _ approval: GatewayApproval, by actor: String, at time: Double) async throws -> Order?

    /// Definitely not paid: payment ABORTED, order PAYMENT_FAILED, stock returned. Guarded on
    /// IN_PROGRESS/UNKNOWN; nil when another writer settled it first.
    func recordFailure(payment id: String, by actor: String, at time: Double) async throws -> Order?

    /// No definite answer: `IN_PROGRESS/UNKNOWN → UNKNOWN`, lease released, next attempt at
    /// `nextAttemptAt`. nil when the payment was settled meanwhile.
    func recordUnknown(payment id: String, nextAttemptAt: Double, at time: Double) async throws -> Order?

    /// Ids of payments the worker may take now: IN_PROGRESS with an expired lease (a confirm
    /// that died) and UNKNOWN ones due, whose lease (if any) expired.
    func dueForRecovery(at time: Double, limit: Int) async throws -> [String]

    /// The worker's claim, a guarded UPDATE (several servers may share the database):
    /// `attempts + 1` and a new lease, only if the payment is still due. nil when lost.
    func claimRecovery(payment id: String, leaseUntil: Double, at time: Double) async throws -> RecoveryClaim?

    /// When the next payment falls due for recovery (lease end or next attempt), if any.
    func nextRecovery() async throws -> Double?

    /// A refund's claim: only on a DONE / PARTIAL_CANCELED payment with no live claim. Returns
    /// the order as claimed; nil when another cancel holds the claim (or the status is wrong:
    /// the caller reads the order to tell which).
    func claimCancel(payment id: String, leaseUntil: Double, at time: Double) async throws -> Order?

    /// Drops a refund's claim without recording anything (the gateway refused or did not answer).
    func releaseCancel(payment id: String) async throws

    /// In one transaction: the cancel row, the balance and PARTIAL_CANCELED/CANCELED, the
    /// claim's release; the lines' cancel with their stock (a customer's lines, or every
    /// remaining line when an admin refund empties a PAID order's balance), the order
    /// CANCELED when no ORDERED line is left, and its history.
    func recordCancel(payment id: String, _ refund: RefundRecord, receipt: CancelReceipt, by actor: String,
                      at time: Double) async throws -> Order
}
