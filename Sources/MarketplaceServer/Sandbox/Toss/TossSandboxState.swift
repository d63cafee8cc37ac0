import FoundationEssentials

/// What the Toss sandbox remembers, journaled in `<dataDir>/sandbox/toss.journal`.
struct TossSandboxState: SandboxJournaled {
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

        /// The tax-free part of `balanceAmount`: the original less what cancels took.
        var taxFreeLeft: Int64 { taxFreeAmount - cancels.reduce(0) { $0 + $1.taxFreeAmount } }
    }

    var authorizations = SandboxTable<Authorization>()
    /// By paymentKey.
    var payments = SandboxTable<Payment>()
    /// orderId → the paymentKey confirmed for it; at most one, ever.
    var confirmedOrders = SandboxTable<String>()
    /// Answers kept per `Idempotency-Key` (`confirm:<key>`, `cancel:<paymentKey>:<key>`).
    var replies = SandboxTable<SandboxReply>()

    init() {}

    mutating func takeLines(_ encoder: JSONEncoder) throws -> [Data] {
        try authorizations.takeLines("authorizations", encoder) + payments.takeLines("payments", encoder)
            + confirmedOrders.takeLines("confirmedOrders", encoder) + replies.takeLines("replies", encoder)
    }

    func allLines(_ encoder: JSONEncoder) throws -> [Data] {
        try authorizations.allLines("authorizations", encoder) + payments.allLines("payments", encoder)
            + confirmedOrders.allLines("confirmedOrders", encoder) + replies.allLines("replies", encoder)
    }

    mutating func replay(table: String, line: Data, _ decoder: JSONDecoder) throws {
        switch table {
        case "authorizations": try authorizations.replay(line, decoder)
        case "payments": try payments.replay(line, decoder)
        case "confirmedOrders": try confirmedOrders.replay(line, decoder)
        case "replies": try replies.replay(line, decoder)
        default: break
        }
    }
}
