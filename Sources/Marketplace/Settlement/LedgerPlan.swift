/// One order line as the ledger sees it: its seller, the rate fixed when the order was paid,
/// and what of it the platform still holds (its SALE less its REFUNDs so far).
public struct LedgerLine: Sendable, Equatable {
    public let productID: ProductID
    public let sellerID: UserID
    public let rateBps: Int
    public var remaining: Int64

    public init(productID: ProductID, sellerID: UserID, rateBps: Int, remaining: Int64) {
        self.productID = productID
        self.sellerID = sellerID
        self.rateBps = rateBps
        self.remaining = remaining
    }
}

/// The entries a payment or a refund appends (docs/API.md §11), pure arithmetic on whole KRW:
/// - payment: per line `SALE +amount` and `COMMISSION −floor(amount × rate / 10000)`;
/// - refund of `x` from a line holding `r`: `REFUND −x` and
///   `COMMISSION_REFUND +(floor(r × rate / 10000) − floor((r − x) × rate / 10000))`, so the
///   line's commission is always `floor(remaining × rate / 10000)`;
/// - a refund not tied to lines (an admin refund of an arbitrary amount) is allocated over the
///   lines in proportion to what each still holds (`allocate`), remainders to the largest line;
/// - a customer's cancel of lines refunds those lines first (each at most what it still
///   holds); anything beyond — possible only after an earlier admin refund took part of those
///   lines — is allocated over the remaining lines in proportion.
/// Entries of amount 0 are not written. The REFUND entries of one refund always sum to
/// exactly the amount the gateway refunded.
public enum LedgerPlan {
    /// The entries of a payment over `lines` (their `remaining` is each line's amount).
    public static func sale(_ lines: [LedgerLine]) -> [NewLedgerEntry] {
        lines.flatMap { line in
            [NewLedgerEntry(sellerID: line.sellerID, productID: line.productID, type: .sale, amount: line.remaining),
             NewLedgerEntry(sellerID: line.sellerID, productID: line.productID, type: .commission,
                            amount: -Commission.of(line.remaining, rateBps: line.rateBps))]
        }.filter { $0.amount != 0 }
    }

    /// The entries of a refund of `amount`; `canceled` gives, per product, the value of the
    /// units a customer's cancel takes (empty for an admin refund).
    public static func refund(_ amount: Int64, lines: [LedgerLine], canceled: [ProductID: Int64] = [:]) -> [NewLedgerEntry] {
        var shares = [Int64](repeating: 0, count: lines.count)
        var left = amount
        for (index, line) in lines.enumerated() {
            guard let value = canceled[line.productID] else { continue }
            let share = min(value, max(0, line.remaining), left)
            shares[index] = share
            left -= share
        }
        if left > 0 {
            var rest = lines
            for index in rest.indices { rest[index].remaining -= shares[index] }
            for (index, share) in allocate(left, over: rest.map(\.remaining)).enumerated() { shares[index] += share }
        }
        return zip(lines, shares).flatMap { line, share -> [NewLedgerEntry] in
            let before = max(0, line.remaining), after = max(0, line.remaining - share)
            let commissionBack = Commission.of(before, rateBps: line.rateBps) - Commission.of(after, rateBps: line.rateBps)
            return [NewLedgerEntry(sellerID: line.sellerID, productID: line.productID, type: .refund, amount: -share),
                    NewLedgerEntry(sellerID: line.sellerID, productID: line.productID, type: .commissionRefund, amount: commissionBack)]
        }.filter { $0.amount != 0 }
    }

    /// Splits `amount` over `weights` (what each line still holds) in proportion:
    /// `floor(amount × weight / total)` each, then the remainder to the largest line, up to
    /// what it holds, spilling to the next largest (ties: the earlier line) — so no line gives
    /// more than it holds and the shares sum to exactly `amount`. If `amount` exceeds the
    /// total (never, while the ledger agrees with the gateway) the excess goes to the largest
    /// line all the same, so the sum still holds.
    public static func allocate(_ amount: Int64, over weights: [Int64]) -> [Int64] {
        guard !weights.isEmpty, amount > 0 else { return [Int64](repeating: 0, count: weights.count) }
        let clamped = weights.map { max(0, $0) }
        let total = clamped.reduce(0, +)
        var shares = clamped.map { weight -> Int64 in
            guard total > 0 else { return 0 }
            // amount × weight may pass Int64 (two 10¹¹ KRW figures): the full-width product.
            let product = min(amount, total).multipliedFullWidth(by: weight)
            return total.dividingFullWidth((high: product.high, low: product.low)).quotient
        }
        var left = amount - shares.reduce(0, +)
        let order = clamped.indices.sorted { clamped[$0] != clamped[$1] ? clamped[$0] > clamped[$1] : $0 < $1 }
        for index in order where left > 0 {
            let room = min(left, clamped[index] - shares[index])
            shares[index] += room
            left -= room
        }
        if left > 0 { shares[order[0]] += left }
        return shares
    }
}
