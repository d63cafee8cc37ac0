/// What the Toss sandbox remembers, persisted in `<dataDir>/sandbox/toss.json`.
struct TossSandboxState: Codable, Sendable {
    /// A checkout the customer completed: Toss's "authenticated, awaiting confirm".
    struct Authorization: Codable, Sendable {
        var paymentKey: String
        var orderId: String
        var orderName: String
        var amount: Int64
        var taxFreeAmount: Int64
        var requestedAt: Double
    }

    struct Cancel: Codable, Sendable {
        var cancelAmount: Int64
        var taxFreeAmount: Int64
        var cancelReason: String
        var canceledAt: Double
        var transactionKey: String
        var refundableAmount: Int64
    }

    /// A confirmed payment.
    struct Payment: Codable, Sendable {
        var paymentKey: String
        var orderId: String
        var orderName: String
        /// DONE, PARTIAL_CANCELED, CANCELED.
        var status: String
        var totalAmount: Int64
        var balanceAmount: Int64
        var taxFreeAmount: Int64
        var vat: Int64
        var requestedAt: Double
        var approvedAt: Double
        var lastTransactionKey: String
        var cancels: [Cancel] = []
    }

    var authorizations: [String: Authorization] = [:]
    /// By paymentKey.
    var payments: [String: Payment] = [:]
    /// orderId → the paymentKey confirmed for it; at most one, ever.
    var confirmedOrders: [String: String] = [:]
    /// Answers kept per `Idempotency-Key` (`confirm:<key>`, `cancel:<paymentKey>:<key>`).
    var replies: [String: SandboxReply] = [:]
}
