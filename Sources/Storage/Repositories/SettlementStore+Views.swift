public import Marketplace

/// What sellers and admins read: balances, the ledger, settlements with their entries.
/// Reads only; each one query (or a count and a page) on one connection.
extension SettlementStore {
    public func settlement(_ id: Int64) async throws -> Settlement? {
        try await database.read { connection in try Self.settlement(id, on: connection) }
    }

    public func settlements(seller: UserID?, status: Settlement.Status?, page: PageRequest) async throws -> Page<Settlement> {
        try await database.read { connection in
            var conditions: [String] = [], bindings: [any SQLBindable] = []
            if let seller { conditions.append("s.seller_id = ?"); bindings.append(seller.rawValue) }
            if let status { conditions.append("s.status = ?"); bindings.append(status.rawValue) }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let total = try connection.queryRow("SELECT count(*) FROM settlements s \(filter)", bindings: bindings)?.int(0) ?? 0
            let rows = try connection.query("""
                SELECT \(Self.settlementColumns) FROM settlements s \(filter) ORDER BY s.id DESC LIMIT ? OFFSET ?
                """, bindings: bindings + [page.size, page.offset])
            return Page(items: try rows.map(Self.settlement), request: page, totalItems: total)
        }
    }

    public func entries(ofSettlement id: Int64) async throws -> [LedgerEntry] {
        try await database.read { connection in
            try connection.query("""
                SELECT \(Self.entryColumns) FROM settlement_entries se JOIN ledger_entries e ON e.id = se.entry_id \(Self.lines)
                WHERE se.settlement_id = ? ORDER BY e.id
                """, id).map(Self.entry)
        }
    }

    public func balance(seller: UserID, at time: Double) async throws -> SellerBalance {
        try await database.read { connection in
            let now = EpochMilliseconds.from(time)
            // Entries in no settlement, or in a FAILED one (its money is the seller's again),
            // split by availability; then the settlements under way and paid.
            let free = try connection.queryRow("""
                SELECT coalesce(sum(CASE WHEN l.available_at IS NOT NULL AND l.available_at <= ? THEN e.amount ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN l.available_at IS NULL OR l.available_at > ? THEN e.amount ELSE 0 END), 0)
                FROM ledger_entries e \(Self.lines)
                LEFT JOIN settlement_entries se ON se.entry_id = e.id
                LEFT JOIN settlements s ON s.id = se.settlement_id
                WHERE e.seller_id = ? AND (s.id IS NULL OR s.status = 'FAILED')
                """, now, now, seller.rawValue)
            let settled = try connection.queryRow("""
                SELECT coalesce(sum(CASE WHEN status = 'PENDING' THEN amount ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN status = 'PAID' THEN amount ELSE 0 END), 0)
                FROM settlements WHERE seller_id = ?
                """, seller.rawValue)
            return SellerBalance(pending: (try free?.int64(1) ?? 0) + (try settled?.int64(0) ?? 0),
                                 available: try free?.int64(0) ?? 0, paidOut: try settled?.int64(1) ?? 0)
        }
    }

    public func ledger(seller: UserID, from: Double?, to: Double?, type: LedgerEntryType?,
                       page: PageRequest) async throws -> Page<LedgerEntry> {
        try await database.read { connection in
            var conditions = ["e.seller_id = ?"], bindings: [any SQLBindable] = [seller.rawValue]
            if let from { conditions.append("e.created_at >= ?"); bindings.append(EpochMilliseconds.from(from)) }
            if let to { conditions.append("e.created_at < ?"); bindings.append(EpochMilliseconds.from(to)) }
            if let type { conditions.append("e.type = ?"); bindings.append(type.rawValue) }
            let filter = "WHERE " + conditions.joined(separator: " AND ")
            let total = try connection.queryRow("SELECT count(*) FROM ledger_entries e \(filter)", bindings: bindings)?.int(0) ?? 0
            let rows = try connection.query("""
                SELECT \(Self.entryColumns) FROM ledger_entries e \(Self.lines) \(filter)
                ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?
                """, bindings: bindings + [page.size, page.offset])
            return Page(items: try rows.map(Self.entry), request: page, totalItems: total)
        }
    }

    static let entryColumns = """
        e.id, e.seller_id, e.order_id, e.product_id, e.type, e.amount, l.available_at,
        (SELECT x.settlement_id FROM settlement_entries x WHERE x.entry_id = e.id), e.created_at
        """

    static func entry(_ row: Row) throws -> LedgerEntry {
        guard let order = OrderID(rawValue: try row.string(2)) else {
            throw SQLiteError(extendedCode: SQLite3.Code.error, message: "a ledger entry names an invalid order id")
        }
        return LedgerEntry(id: try row.int64(0), sellerID: UserID(rawValue: try row.int64(1)), orderID: order, productID: ProductID(rawValue: try row.int64(3)),
                    type: LedgerEntryType(rawValue: try row.string(4)) ?? .sale, amount: try row.int64(5),
                    availableAt: try row.int64OrNil(6).map(EpochMilliseconds.seconds), settlementID: try row.int64OrNil(7),
                    createdAt: EpochMilliseconds.seconds(try row.int64(8)))
    }
}
