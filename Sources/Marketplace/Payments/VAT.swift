/// API.md §6's VAT rule: `round(taxable / 11)`, half up, in whole KRW.
public enum VAT {
    /// The VAT inside a taxable amount (≥ 0). No tie exists: `x / 11` never ends in exactly .5.
    public static func of(taxable amount: Int64) -> Int64 {
        amount <= 0 ? 0 : (amount + 5) / 11
    }
}
