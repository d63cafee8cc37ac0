/// The VAT arithmetic of docs/API.md §6: Korean VAT is 10% on top, so a VAT-inclusive amount
/// holds `amount / 11` of VAT, rounded half up to whole KRW.
public enum VAT {
    /// `round(amount / 11)`, half up, for an amount ≥ 0.
    public static func included(in amount: Int64) -> Int64 {
        precondition(amount >= 0, "VAT of a negative amount")
        // Eleven is odd, so amount / 11 never ends in exactly .5 and (amount + 5) / 11 is
        // round-half-up without floating point.
        return (amount + 5) / 11
    }

    /// An order's VAT: `round((total − taxFree) / 11)`, where `taxFree` is the sum of the
    /// tax-free products' lines. Requires `0 ≤ taxFree ≤ total`.
    public static func ofOrder(total: Int64, taxFree: Int64) -> Int64 {
        precondition(taxFree >= 0 && taxFree <= total, "tax-free part outside the total")
        return included(in: total - taxFree)
    }
}
