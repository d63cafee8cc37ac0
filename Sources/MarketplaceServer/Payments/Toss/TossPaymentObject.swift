/// The parts of Toss Payments' `Payment` object (API version 2022-11-16) the adapter reads.
/// Unknown fields are ignored, so Toss may add to it freely.
struct TossPaymentObject: Decodable, Sendable {
    struct Cancel: Decodable, Sendable {
        var cancelAmount: Int64
        var cancelReason: String?
        var taxFreeAmount: Int64?
        var canceledAt: String
        var transactionKey: String?
    }

    var paymentKey: String
    var orderId: String
    var orderName: String?
    /// READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED, ABORTED, EXPIRED.
    var status: String
    var totalAmount: Int64
    var balanceAmount: Int64
    var vat: Int64?
    var taxFreeAmount: Int64?
    var approvedAt: String?
    var requestedAt: String?
    var cancels: [Cancel]?
}

/// Toss Payments' error body: `{"code": "NOT_FOUND_PAYMENT", "message": "..."}`.
struct TossErrorBody: Decodable, Sendable {
    var code: String
    var message: String
}
