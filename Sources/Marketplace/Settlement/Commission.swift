/// Commission (docs/API.md §11): a rate in basis points (1000 = 10.00 %) fixed on each line
/// when its order is paid, and the line's commission `floor(amount × rateBps / 10000)`.
public enum Commission {
    /// The most a rate may be: 10000 bps, all of it.
    public static let maximumRateBps = 10_000

    /// `floor(amount × rateBps / 10000)` for `amount ≥ 0` and a rate in 0…10000. The product
    /// stays far inside `Int64` (a line is at most 99 × 1,000,000,000 KRW).
    public static func of(_ amount: Int64, rateBps: Int) -> Int64 {
        precondition(amount >= 0 && (0...maximumRateBps).contains(rateBps), "commission outside its domain")
        return amount * Int64(rateBps) / 10_000
    }
}

/// An admin's commission rule: for a seller, a category, both, or (neither) nothing — the
/// default comes from `settlement.commissionRateBps`, not from a rule.
public struct CommissionRule: Sendable, Equatable {
    public let id: Int64
    public let sellerID: UserID?
    public let category: String?
    public let rateBps: Int
    public let createdAt: Double

    public init(id: Int64, sellerID: UserID?, category: String?, rateBps: Int, createdAt: Double) {
        self.id = id
        self.sellerID = sellerID
        self.category = category
        self.rateBps = rateBps
        self.createdAt = createdAt
    }

    /// How specific the rule is: seller and category 3 > seller 2 > category 1.
    public var specificity: Int { (sellerID != nil ? 2 : 0) + (category != nil ? 1 : 0) }

    /// Whether the rule covers a line of `seller` in `category`.
    public func applies(to seller: UserID, category: String) -> Bool {
        (sellerID == nil || sellerID == seller) && (self.category == nil || self.category == category)
    }

    /// The rate of a line: the most specific rule that applies, else `defaultRateBps`. At most
    /// one rule exists per (seller, category) pair (a storage constraint), so there are no ties.
    public static func rate(seller: UserID, category: String, rules: [CommissionRule], defaultRateBps: Int) -> Int {
        rules.filter { $0.applies(to: seller, category: category) }
            .max { $0.specificity < $1.specificity }?.rateBps ?? defaultRateBps
    }
}
