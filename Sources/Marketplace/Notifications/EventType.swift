/// The kinds of order and payment change an event reports (docs/API.md §7).
public enum EventType: String, CaseIterable, Sendable {
    case orderCreated = "order.created"
    case orderPaid = "order.paid"
    case orderPaymentFailed = "order.payment_failed"
    case orderExpired = "order.expired"
    case orderCanceled = "order.canceled"
    case orderPartiallyCanceled = "order.partially_canceled"
    case orderShipping = "order.shipping"
    case orderDelivered = "order.delivered"
    case paymentRefunded = "payment.refunded"

    /// The event a move into `status` reports, when that move is one (SHIPPING, DELIVERED, …).
    public static func moved(to status: OrderStatus) -> EventType? {
        switch status {
        case .paid: .orderPaid
        case .paymentFailed: .orderPaymentFailed
        case .expired: .orderExpired
        case .canceled: .orderCanceled
        case .shipping: .orderShipping
        case .delivered: .orderDelivered
        case .pendingPayment: nil
        }
    }
}

extension EventType {
    /// The one-line title of the customer's feed entry and mail subject (ASCII).
    public func title(order: String) -> String {
        switch self {
        case .orderCreated: "Order \(order) was placed"
        case .orderPaid: "Order \(order) is now PAID"
        case .orderPaymentFailed: "Payment of order \(order) failed"
        case .orderExpired: "Order \(order) has EXPIRED"
        case .orderCanceled: "Order \(order) is now CANCELED"
        case .orderPartiallyCanceled: "Some items of order \(order) were canceled"
        case .orderShipping: "Order \(order) is now SHIPPING"
        case .orderDelivered: "Order \(order) is now DELIVERED"
        case .paymentRefunded: "A refund was made on order \(order)"
        }
    }

    /// The title of a seller's feed entry (paid orders and cancels only, docs/API.md §10).
    public func sellerTitle(order: String) -> String {
        self == .orderPaid ? "New paid order \(order) holds your products" : "Items of order \(order) were canceled"
    }

    /// The text of a seller's feed entry.
    public func sellerBody(order: String) -> String {
        self == .orderPaid ? "Order \(order) was paid; please prepare your lines for shipping."
            : "Some or all of your lines in order \(order) were canceled."
    }

    /// The feed entry's and mail's text.
    public func body(order: String) -> String {
        switch self {
        case .orderCreated: "We received your order \(order). It waits for your payment."
        case .orderPaid: "Your payment for order \(order) was approved."
        case .orderPaymentFailed: "The payment for order \(order) did not go through; nothing was charged and the items were released."
        case .orderExpired: "Order \(order) was not paid in time; its items were released."
        case .orderCanceled: "Order \(order) was canceled."
        case .orderPartiallyCanceled: "Some items of order \(order) were canceled; the rest of the order stands."
        case .orderShipping: "Order \(order) is on its way."
        case .orderDelivered: "Order \(order) was delivered."
        case .paymentRefunded: "Part or all of the payment for order \(order) was refunded."
        }
    }
}
