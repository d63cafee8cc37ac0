/// The parts of Toss Payments' `Payment` object (API version 2022-11-16) the adapter reads.
/// Unknown fields are ignored, so Toss may add to it freely.
public struct TossPaymentObject: Decodable, Sendable {
    public struct Cancel: Decodable, Sendable {
        var cancelAmount: Int64
        var cancelReason: String?
        var taxFreeAmount: Int64?
        var canceledAt: String
        var transactionKey: String?
    }

    public var paymentKey: String
    public var orderId: String
    public var orderName: String?
    /// READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED, ABORTED, EXPIRED.
    public var status: String
    public var totalAmount: Int64
    public var balanceAmount: Int64
    public var vat: Int64?
    public var taxFreeAmount: Int64?
    public var approvedAt: String?
    public var requestedAt: String?
    public var cancels: [Cancel]?
}

/// Toss Payments' error body: `{"code": "NOT_FOUND_PAYMENT", "message": "..."}`.
struct TossErrorBody: Decodable, Sendable {
    var code: String
    var message: String
}
