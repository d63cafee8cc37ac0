import Marketplace

extension AppConfig {
    /// Paying the sellers (docs/API.md §11).
    struct Settlement: Sendable, Equatable {
        /// The commission of a line no admin rule covers, in basis points (1000 = 10.00 %).
        var commissionRateBps = 1000
        /// Days after DELIVERED before a line's entries are available (0: at once).
        var holdDays = 7
        /// The daily run's hour, KST (0–23).
        var runHour = 3
        /// An available balance below it waits for a later run (KRW, at least 1).
        var minimumPayout = 1000

        /// What the order store applies.
        var policy: SettlementPolicy { SettlementPolicy(commissionRateBps: commissionRateBps, holdDays: holdDays) }
    }

    /// How payouts are made: `MANUAL` (an admin transfers and records it). The Toss Payments
    /// payouts adapter is not built yet, so `TOSS` is refused at start.
    struct Payouts: Sendable, Equatable {
        var provider = "MANUAL"
        static let providers = ["MANUAL"]
    }

    func validateSettlement() throws {
        try Self.between("settlement.runHour", settlement.runHour, 0...23)
        try Self.between("settlement.minimumPayout", settlement.minimumPayout, 1...1_000_000_000)
        try require(Payouts.providers.contains(payouts.provider), "payouts.provider",
                    "must be one of \(Payouts.providers.joined(separator: ", ")) (got \"\(payouts.provider)\")")
        try Self.between("settlement.commissionRateBps", settlement.commissionRateBps, 0...Commission.maximumRateBps)
        try Self.between("settlement.holdDays", settlement.holdDays, 0...365)
    }
}
