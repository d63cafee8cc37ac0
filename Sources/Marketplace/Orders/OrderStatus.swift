/// An order's status (docs/API.md §5): `PENDING_PAYMENT → PAID → SHIPPING → DELIVERED`;
/// `PENDING_PAYMENT → PAYMENT_FAILED | EXPIRED | CANCELED`; `PAID → CANCELED`.
public enum OrderStatus: String, Sendable, CaseIterable {
    case pendingPayment = "PENDING_PAYMENT"
    case paid = "PAID"
    case shipping = "SHIPPING"
    case delivered = "DELIVERED"
    case paymentFailed = "PAYMENT_FAILED"
    case expired = "EXPIRED"
    case canceled = "CANCELED"

    /// Whether the contract allows moving from `self` to `next`.
    public func canMove(to next: OrderStatus) -> Bool {
        switch (self, next) {
        case (.pendingPayment, .paid), (.pendingPayment, .paymentFailed), (.pendingPayment, .expired),
             (.pendingPayment, .canceled), (.paid, .shipping), (.paid, .canceled), (.shipping, .delivered):
            true
        default:
            false
        }
    }
}

/// A line's status: canceled lines stay on the order, with their snapshot.
public enum OrderItemStatus: String, Sendable, CaseIterable {
    case ordered = "ORDERED"
    case canceled = "CANCELED"
}
