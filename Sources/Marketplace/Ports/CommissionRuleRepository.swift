/// The admins' commission rules (docs/API.md §11).
public protocol CommissionRuleRepository: Sendable {
    /// Every rule, oldest first.
    func list() async throws -> [CommissionRule]
    /// Stores a rule; nil when a rule for the same (seller, category) pair exists.
    func create(sellerID: UserID?, category: String?, rateBps: Int, at time: Double) async throws -> CommissionRule?
    /// Removes a rule; false when no rule has this id.
    func delete(_ id: Int64) async throws -> Bool
}
