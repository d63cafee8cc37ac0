/// An order's money, computed from its lines by docs/API.md §6's rule.
public struct OrderAmounts: Sendable, Equatable {
    /// Every line as placed, canceled ones included.
    public let totalAmount: Int64
    /// The `taxFree` products' lines within `totalAmount`.
    public let taxFreeAmount: Int64
    /// `round((totalAmount - taxFreeAmount) / 11)`, half up.
    public let vat: Int64
    /// The CANCELED lines.
    public let canceledAmount: Int64
    /// What the ORDERED lines come to: the amount the payment takes.
    public let due: Int64
    /// The tax-free part of `due`.
    public let dueTaxFree: Int64
    /// The VAT of `due`, by the same rule.
    public let dueVat: Int64

    public init(_ items: [OrderItem]) {
        var total: Int64 = 0, taxFree: Int64 = 0, canceled: Int64 = 0, dueTaxFree: Int64 = 0
        for item in items {
            total += item.subtotal
            if item.taxFree { taxFree += item.subtotal }
            if item.status == .canceled {
                canceled += item.subtotal
            } else if item.taxFree {
                dueTaxFree += item.subtotal
            }
        }
        totalAmount = total
        taxFreeAmount = taxFree
        vat = VAT.included(in: total - taxFree)
        canceledAmount = canceled
        due = total - canceled
        self.dueTaxFree = dueTaxFree
        dueVat = VAT.included(in: due - dueTaxFree)
    }
}
