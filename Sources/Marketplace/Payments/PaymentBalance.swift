/// What is left of a payment to refund: `balanceAmount` and `balanceVat` of docs/API.md §6.
/// Every cancel of every provider goes through `cancel(amount:vat:)`, which applies the
/// VAT default and the `NOT_CANCELABLE_AMOUNT` rules and gives the balance after it:
/// ```swift
/// let split = try PaymentBalance(amount: payment.balanceAmount, vat: payment.balanceVat)
///     .cancel(amount: request.amount, vat: request.vat)
/// // send split.amount / split.vat to the gateway, then store split.remaining
/// ```
public struct PaymentBalance: Sendable, Equatable {
    /// KRW left to refund.
    public var amount: Int64
    /// VAT left inside `amount`.
    public var vat: Int64

    /// A balance as stored with the payment.
    public init(amount: Int64, vat: Int64) {
        self.amount = amount
        self.vat = vat
    }

    /// A fresh payment's balance: all of it, with the order's VAT (`VAT.ofOrder`).
    public static func ofOrder(total: Int64, taxFree: Int64) -> PaymentBalance {
        PaymentBalance(amount: total, vat: VAT.ofOrder(total: total, taxFree: taxFree))
    }

    /// Whether nothing is left to refund.
    public var isEmpty: Bool { amount == 0 }

    /// Splits off a cancel of `amount` with `vat` (nil: the default, `round(amount / 11)`,
    /// or the whole remaining VAT when the cancel empties the balance).
    /// Throws 400 `INVALID_REQUEST` when `amount < 1` or `vat < 0`, and 409
    /// `NOT_CANCELABLE_AMOUNT` when the amount exceeds the balance, the VAT exceeds the
    /// balance VAT, or the balance would reach 0 while VAT remains.
    public func cancel(amount: Int64, vat: Int64? = nil) throws(MarketplaceError) -> CancelSplit {
        var issues: [FieldIssue] = []
        if amount < 1 { issues.append(FieldIssue(field: "amount", message: "must be at least 1")) }
        if let vat, vat < 0 { issues.append(FieldIssue(field: "vat", message: "must not be negative")) }
        if !issues.isEmpty { throw MarketplaceError.invalid(issues) }

        guard amount <= self.amount else {
            throw Self.notCancelable("The amount \(amount) exceeds the cancelable balance \(self.amount).")
        }
        let vat = vat ?? (amount == self.amount ? self.vat : VAT.included(in: amount))
        guard vat <= self.vat else {
            throw Self.notCancelable("The VAT \(vat) exceeds the cancelable VAT \(self.vat).")
        }
        let remaining = PaymentBalance(amount: self.amount - amount, vat: self.vat - vat)
        guard !(remaining.amount == 0 && remaining.vat > 0) else {
            throw Self.notCancelable("Canceling the whole balance must cancel its whole VAT of \(self.vat).")
        }
        return CancelSplit(amount: amount, vat: vat, remaining: remaining)
    }

    private static func notCancelable(_ detail: String) -> MarketplaceError {
        .conflict(code: "NOT_CANCELABLE_AMOUNT", detail: detail)
    }
}
