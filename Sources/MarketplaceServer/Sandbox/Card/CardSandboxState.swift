import FoundationEssentials

/// What the card company sandbox remembers, journaled in `<dataDir>/sandbox/card.journal`.
///
/// The sandbox plays the card company, which sees the card; but its file lives on our disk,
/// so it keeps no clear card number, expiry or CVC — and not the encrypted block either:
/// messages are kept with the masked number, and a transaction with the keyed hash of the
/// number (`CardCipher.fingerprint`), enough to tell that a CANCEL is for the PAYMENT's card.
struct CardSandboxState: SandboxJournaled {
    /// The JSON answer, as sent.
    struct Answer: Codable, Sendable, Equatable {
        var approved: Bool
        var approvalNumber: String?
        var approvedAt: String?
        var code: String?
        var message: String?

        static func approval(number: String, at: String) -> Answer {
            Answer(approved: true, approvalNumber: number, approvedAt: at)
        }

        static func decline(_ code: String, _ message: String) -> Answer {
            Answer(approved: false, code: code, message: message)
        }
    }

    /// One message received (and parsed), with the answer it got.
    struct Entry: Codable, Sendable {
        var managementId: String
        /// PAYMENT or CANCEL.
        var kind: String
        var originalManagementId: String?
        var amount: Int64
        var vat: Int64
        /// First 6 and last 3 digits.
        var maskedNumber: String
        var installmentMonths: Int
        var receivedAt: Double
        /// The HTTP status of the answer.
        var status: Int
        var answer: Answer
        /// A repeated management id: answered from the first, nothing done.
        var duplicate: Bool
    }

    /// A message the company decided, by its management id: a repeat of the id gets `answer`.
    struct Transaction: Codable, Sendable {
        var kind: String
        var originalManagementId: String?
        var amount: Int64
        var vat: Int64
        var installmentMonths: Int
        /// `CardCipher.fingerprint` of the number, never the number.
        var cardFingerprint: String
        var answer: Answer
        /// On an approved PAYMENT: what its approved CANCELs took back.
        var canceledAmount: Int64 = 0
        var canceledVat: Int64 = 0

        /// Whether `other` is the same request (a retry), not another one reusing the id.
        func isSame(as other: Transaction) -> Bool {
            kind == other.kind && originalManagementId == other.originalManagementId && amount == other.amount
                && vat == other.vat && installmentMonths == other.installmentMonths && cardFingerprint == other.cardFingerprint
        }
    }

    /// Every message, in arrival order.
    var messages = SandboxLog<Entry>()
    /// By management id.
    var transactions = SandboxTable<Transaction>()

    init() {}

    mutating func takeLines(_ encoder: JSONEncoder) throws -> [Data] {
        try messages.takeLines("messages", encoder) + transactions.takeLines("transactions", encoder)
    }

    func allLines(_ encoder: JSONEncoder) throws -> [Data] {
        try messages.allLines("messages", encoder) + transactions.allLines("transactions", encoder)
    }

    mutating func replay(table: String, line: Data, _ decoder: JSONDecoder) throws {
        switch table {
        case "messages": try messages.replay(line, decoder)
        case "transactions": try transactions.replay(line, decoder)
        default: break
        }
    }
}
