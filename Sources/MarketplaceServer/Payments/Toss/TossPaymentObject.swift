import Foundation

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

/// Toss writes times as ISO 8601 with the Korean offset (`2024-02-13T12:18:14+09:00`).
enum GatewayTime {
    /// Seconds since the Unix epoch of an ISO 8601 date-time with an offset or `Z`; a time
    /// without one (Kakao Pay's `2024-02-13T12:18:14`) is read as Korean time (+09:00).
    static func parse(_ text: String) -> Double? {
        let hasZone = text.hasSuffix("Z") || text.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" })
        let full = hasZone ? text : text + "+09:00"
        if let date = try? Date(full, strategy: .iso8601) { return date.timeIntervalSince1970 }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? Date(full, strategy: fractional))?.timeIntervalSince1970
    }

    /// `2024-02-13T12:18:14+09:00` for Unix seconds, as Toss prints times.
    static func korean(_ seconds: Double) -> String {
        let shifted = RFC3339.format(seconds + 9 * 3600)
        return String(shifted.dropLast()) + "+09:00"
    }

    /// `2024-02-13T12:18:14` (Korean time, no offset), as Kakao Pay prints times.
    static func koreanLocal(_ seconds: Double) -> String {
        String(RFC3339.format(seconds + 9 * 3600).dropLast())
    }
}
