/// One accepted cancel: what to refund and what is left afterwards.
public struct CancelSplit: Sendable, Equatable {
    /// KRW to refund.
    public var amount: Int64
    /// The VAT inside `amount`.
    public var vat: Int64
    /// The payment's balance after this cancel; `remaining.isEmpty` means fully canceled.
    public var remaining: PaymentBalance

    /// A split as given; `PaymentBalance.cancel` makes the checked ones.
    public init(amount: Int64, vat: Int64, remaining: PaymentBalance) {
        self.amount = amount
        self.vat = vat
        self.remaining = remaining
    }
}
