public import Marketplace

/// The admins' commission rules (docs/API.md §11). At most one rule per (seller, category)
/// pair: `scope` is UNIQUE, so two concurrent creates of one pair cannot both succeed.
/// A rule applies to lines paid after it is written; lines already paid keep their rate.
public struct CommissionStore: CommissionRuleRepository {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func list() async throws -> [CommissionRule] {
        try await database.read { connection in
            try connection.query("SELECT id, seller_id, category, rate_bps, created_at FROM commission_rules ORDER BY id")
                .map(Self.rule)
        }
    }

    public func create(sellerID: UserID?, category: String?, rateBps: Int, at time: Double) async throws -> CommissionRule? {
        try await database.write { connection in
            let scope = "\(sellerID.map { String($0.rawValue) } ?? "")/\(category ?? "")"
            // A rule names an existing seller: 404 SELLER_NOT_FOUND (checked in this transaction,
            // before the insert its foreign key would otherwise refuse as a 500).
            if let sellerID, try connection.queryRow("SELECT 1 FROM users WHERE id = ? AND role = 'SELLER'", sellerID.rawValue) == nil {
                throw MarketplaceError.notFound(code: "SELLER_NOT_FOUND", detail: "No seller has id \(sellerID.rawValue).")
            }
            // One statement, so a concurrent create of the same pair meets the UNIQUE constraint
            // only as "nothing inserted" — the answer is 409, never a 500.
            guard let row = try connection.queryRow("""
                INSERT INTO commission_rules (seller_id, category, scope, rate_bps, created_at)
                SELECT ?, ?, CAST(? AS TEXT), ?, ? WHERE NOT EXISTS (SELECT 1 FROM commission_rules WHERE scope = ?)
                RETURNING id, seller_id, category, rate_bps, created_at
                """, sellerID?.rawValue, category, scope, rateBps, EpochMilliseconds.from(time), scope) else { return nil }
            return try Self.rule(row)
        }
    }

    public func delete(_ id: Int64) async throws -> Bool {
        try await database.write { connection in
            try connection.execute("DELETE FROM commission_rules WHERE id = ?", id) == 1
        }
    }

    /// The rules that may apply to the lines of `order`: those of its sellers and those of no seller.
    static func rules(forSellersOf order: OrderID, on connection: Connection) throws -> [CommissionRule] {
        try connection.query("""
            SELECT id, seller_id, category, rate_bps, created_at FROM commission_rules
            WHERE seller_id IS NULL OR seller_id IN (SELECT seller_id FROM order_items WHERE order_id = ?)
            """, order.rawValue).map(rule)
    }

    static func rule(_ row: Row) throws -> CommissionRule {
        CommissionRule(id: try row.int64(0), sellerID: try row.int64OrNil(1).map(UserID.init(rawValue:)),
                       category: try row.stringOrNil(2), rateBps: try row.int(3),
                       createdAt: EpochMilliseconds.seconds(try row.int64(4)))
    }
}
