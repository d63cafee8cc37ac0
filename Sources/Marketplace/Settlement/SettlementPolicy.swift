/// The settlement settings the ledger's writers need (`settlement.*` of the configuration).
public struct SettlementPolicy: Sendable, Equatable {
    /// `settlement.commissionRateBps`: the rate of a line no rule covers.
    public var commissionRateBps: Int
    /// `settlement.holdDays`: a line's entries become available this long after DELIVERED.
    public var holdDays: Int

    public init(commissionRateBps: Int = 1000, holdDays: Int = 7) {
        self.commissionRateBps = commissionRateBps
        self.holdDays = holdDays
    }

    /// When the entries of an order delivered at `deliveredAt` become available.
    public func availableAt(deliveredAt: Double) -> Double { deliveredAt + Double(holdDays) * 86_400 }
}
