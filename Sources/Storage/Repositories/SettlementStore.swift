public import Marketplace

/// Settlements, payouts and balances (docs/API.md §11, issue #20) over the ledger that
/// `OrderStore+Ledger` appends. Which transaction makes what atomic:
/// - `acquireRun` / `releaseRun`: one guarded UPDATE of the single `settlement_runs` row —
///   the lease that lets one run at a time proceed across every server on the database;
/// - `settle`: for one seller, ONE transaction checks the lease is still this run's, writes
///   the settlement, claims its entries into `settlement_entries` (whose primary key is the
///   entry: an entry can never be in two settlements, whatever the code does), sums the
///   claimed entries — so the settlement's figures are exactly its entries' — and writes the
///   REQUESTED payout with the payout account as of now. Below the minimum it rolls back;
/// - `markPaid` / `markFailed` / `retry` (`SettlementStore+Payouts`): one guarded UPDATE of
///   the payout by status, and the settlement's status with it.
public struct SettlementStore: SettlementRepository {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The condition on `e` (ledger_entries) joined to `l` (ledger_lines): available at `?`
    /// and created by `?` (bound in that order).
    static let availableBy = "l.available_at IS NOT NULL AND l.available_at <= ? AND e.created_at <= ?"
    static let unsettled = "NOT EXISTS (SELECT 1 FROM settlement_entries se WHERE se.entry_id = e.id)"
    static let lines = "JOIN ledger_lines l ON l.order_id = e.order_id AND l.product_id = e.product_id"

    public func acquireRun(holder: String, leaseUntil: Double, at time: Double) async throws -> Bool {
        try await database.write { connection in
            try connection.execute("""
                UPDATE settlement_runs SET holder = ?, lease_until = ? WHERE name = 'settlement' AND lease_until <= ?
                """, holder, EpochMilliseconds.from(leaseUntil), EpochMilliseconds.from(time)) == 1
        }
    }

    public func releaseRun(holder: String) async throws {
        try await database.write { connection in
            _ = try connection.execute("""
                UPDATE settlement_runs SET holder = NULL, lease_until = 0 WHERE name = 'settlement' AND holder = ?
                """, holder)
        }
    }

    public func lastDailyRun() async throws -> Double? {
        try await database.read { connection in
            try connection.queryRow("SELECT last_until FROM settlement_runs WHERE name = 'settlement'")?.int64OrNil(0)
                .map(EpochMilliseconds.seconds)
        }
    }

    public func recordDailyRun(until: Double) async throws {
        try await database.write { connection in
            _ = try connection.execute("""
                UPDATE settlement_runs SET last_until = ? WHERE name = 'settlement' AND (last_until IS NULL OR last_until < ?)
                """, EpochMilliseconds.from(until), EpochMilliseconds.from(until))
        }
    }

    public func eligibleSellers(until: Double, minimum: Int64) async throws -> [UserID] {
        try await database.read { connection in
            let until = EpochMilliseconds.from(until)
            return try connection.query("""
                SELECT e.seller_id FROM ledger_entries e \(Self.lines)
                WHERE \(Self.availableBy) AND \(Self.unsettled)
                  AND EXISTS (SELECT 1 FROM payout_accounts a WHERE a.seller_id = e.seller_id AND a.status = 'VERIFIED')
                GROUP BY e.seller_id HAVING sum(e.amount) >= ? ORDER BY e.seller_id
                """, until, until, minimum).map { UserID(rawValue: try $0.int64(0)) }
        }
    }

    public func settle(seller: UserID, until: Double, minimum: Int64, provider: String, holder: String,
                       at time: Double) async throws -> Settlement? {
        do {
            return try await database.write { connection in
                let now = EpochMilliseconds.from(time), until = EpochMilliseconds.from(until)
                guard try connection.execute("""
                    UPDATE settlement_runs SET lease_until = lease_until WHERE name = 'settlement' AND holder = ? AND lease_until > ?
                    """, holder, now) == 1 else { throw SettlementRunLost() }
                guard let account = try connection.queryRow("""
                    SELECT bank_code, sealed_account_number, masked_account_number, holder_name FROM payout_accounts
                    WHERE seller_id = ? AND status = 'VERIFIED'
                    """, seller.rawValue) else { throw SkippedSettlement() }
                // Provisional figures (amount must be > 0), replaced below by the claimed entries' sums.
                guard let id = try connection.queryRow("""
                    INSERT INTO settlements (seller_id, period_end, sales, refunds, commission, amount, status, created_at)
                    VALUES (?, ?, 0, 0, 0, 1, 'PENDING', ?) RETURNING id
                    """, seller.rawValue, until, now)?.int64(0) else { throw SkippedSettlement() }
                try connection.execute("""
                    INSERT INTO settlement_entries (entry_id, settlement_id)
                    SELECT e.id, ? FROM ledger_entries e \(Self.lines)
                    WHERE e.seller_id = ? AND \(Self.availableBy) AND \(Self.unsettled)
                    """, id, seller.rawValue, until, until)
                guard let sums = try connection.queryRow("""
                    SELECT coalesce(sum(CASE WHEN e.type = 'SALE' THEN e.amount ELSE 0 END), 0),
                           coalesce(sum(CASE WHEN e.type = 'REFUND' THEN -e.amount ELSE 0 END), 0),
                           coalesce(sum(CASE WHEN e.type IN ('COMMISSION', 'COMMISSION_REFUND') THEN -e.amount ELSE 0 END), 0)
                    FROM settlement_entries se JOIN ledger_entries e ON e.id = se.entry_id WHERE se.settlement_id = ?
                    """, id) else { throw SkippedSettlement() }
                let sales = try sums.int64(0), refunds = try sums.int64(1), commission = try sums.int64(2)
                let amount = sales - refunds - commission
                guard amount >= max(1, minimum) else { throw SkippedSettlement() }   // rolls the claim back
                try connection.execute("UPDATE settlements SET sales = ?, refunds = ?, commission = ?, amount = ? WHERE id = ?",
                                       sales, refunds, commission, amount, id)
                try connection.execute("""
                    INSERT INTO payouts (settlement_id, seller_id, amount, provider, status, bank_code, sealed_account_number,
                                         masked_account_number, holder_name, attempts, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?, 1, ?, ?)
                    """, id, seller.rawValue, amount, provider, try account.string(0), try account.string(1), try account.string(2),
                    try account.string(3), now, now)
                return try Self.settlement(id, on: connection)
            }
        } catch is SkippedSettlement {
            return nil
        }
    }

    static let settlementColumns = """
        s.id, s.seller_id, s.period_end, s.sales, s.refunds, s.commission, s.amount, s.status,
        (SELECT p.id FROM payouts p WHERE p.settlement_id = s.id), s.created_at, s.paid_at
        """

    static func settlement(_ id: Int64, on connection: Connection) throws -> Settlement? {
        try connection.queryRow("SELECT \(settlementColumns) FROM settlements s WHERE s.id = ?", id).map(settlement)
    }

    static func settlement(_ row: Row) throws -> Settlement {
        Settlement(id: try row.int64(0), sellerID: UserID(rawValue: try row.int64(1)),
                   periodEnd: EpochMilliseconds.seconds(try row.int64(2)), sales: try row.int64(3), refunds: try row.int64(4),
                   commission: try row.int64(5), amount: try row.int64(6),
                   status: Settlement.Status(rawValue: try row.string(7)) ?? .pending, payoutID: try row.int64OrNil(8),
                   createdAt: EpochMilliseconds.seconds(try row.int64(9)), paidAt: try row.int64OrNil(10).map(EpochMilliseconds.seconds))
    }
}

/// The run's lease passed to another holder (it expired): this run stops.
public struct SettlementRunLost: Error {}
private struct SkippedSettlement: Error {}
