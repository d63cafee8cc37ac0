import FoundationEssentials

/// What the Kakao Pay sandbox remembers, journaled in `<dataDir>/sandbox/kakaopay.journal`.
struct KakaoPaySandboxState: SandboxJournaled {
    struct Action: Codable, Sendable {
        var aid: String
        /// PAYMENT or CANCEL.
        var type: String
        var amount: Int64
        var at: Double
    }

    struct Payment: Codable, Sendable {
        var tid: String
        var cid: String
        var partnerOrderId: String
        var partnerUserId: String
        var itemName: String
        var quantity: Int
        var total: Int64
        var taxFree: Int64
        var vat: Int64
        var approvalUrl: String
        var cancelUrl: String
        var failUrl: String
        /// READY → AUTH_PASSWORD (pg_token issued) → SUCCESS_PAYMENT → PART_CANCEL_PAYMENT → CANCEL_PAYMENT;
        /// READY → QUIT_PAYMENT (customer canceled).
        var status: String
        var pgToken: String?
        var createdAt: Double
        var approvedAt: Double?
        var canceledAt: Double?
        var canceledTotal: Int64 = 0
        var canceledTaxFree: Int64 = 0
        var canceledVat: Int64 = 0
        var actions: [Action] = []
    }

    /// By tid.
    var payments = SandboxTable<Payment>()

    init() {}

    mutating func takeLines(_ encoder: JSONEncoder) throws -> [Data] { try payments.takeLines("payments", encoder) }

    func allLines(_ encoder: JSONEncoder) throws -> [Data] { try payments.allLines("payments", encoder) }

    mutating func replay(table: String, line: Data, _ decoder: JSONDecoder) throws {
        if table == "payments" { try payments.replay(line, decoder) }
    }
}
