import Marketplace

extension AppConfig {
    /// Paying the sellers (docs/API.md §11).
    struct Settlement: Sendable, Equatable {
        /// The commission of a line no admin rule covers, in basis points (1000 = 10.00 %).
        var commissionRateBps = 1000
        /// Days after DELIVERED before a line's entries are available (0: at once).
        var holdDays = 7

        /// What the order store applies.
        var policy: SettlementPolicy { SettlementPolicy(commissionRateBps: commissionRateBps, holdDays: holdDays) }
    }

    func validateSettlement() throws {
        try Self.between("settlement.commissionRateBps", settlement.commissionRateBps, 0...Commission.maximumRateBps)
        try Self.between("settlement.holdDays", settlement.holdDays, 0...365)
    }
}
