public import Marketplace

/// Payout status changes: each ONE transaction, a guarded UPDATE of the payout by its status
/// and the settlement's status with it, so a payout is paid (or failed) once however reports
/// (admin, provider lookup, webhook) race.
extension SettlementStore {
    public func markPaid(payout id: Int64, reference: String?, at time: Double) async throws -> Payout? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payouts SET status = 'PAID', reference = coalesce(?, reference), paid_at = ?, updated_at = ?
                WHERE id = ? AND status = 'REQUESTED'
                """, reference, now, now, id) == 1 else { return nil }
            try connection.execute("""
                UPDATE settlements SET status = 'PAID', paid_at = ? WHERE id = (SELECT settlement_id FROM payouts WHERE id = ?)
                """, now, id)
            return try Self.payout(id, on: connection)
        }
    }

    public func markFailed(payout id: Int64, reason: String, at time: Double) async throws -> Payout? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            guard try connection.execute("""
                UPDATE payouts SET status = 'FAILED', failure_reason = ?, updated_at = ? WHERE id = ? AND status = 'REQUESTED'
                """, reason, now, id) == 1 else { return nil }
            try connection.execute("""
                UPDATE settlements SET status = 'FAILED' WHERE id = (SELECT settlement_id FROM payouts WHERE id = ?)
                """, id)
            return try Self.payout(id, on: connection)
        }
    }

    public func retry(payout id: Int64, at time: Double) async throws -> Payout? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            // The failed payout is in flight no more: the retry pays to the account as it is now.
            guard try connection.execute("""
                UPDATE payouts SET status = 'REQUESTED', attempts = attempts + 1, failure_reason = NULL, updated_at = ?,
                    bank_code = (SELECT a.bank_code FROM payout_accounts a WHERE a.seller_id = payouts.seller_id),
                    sealed_account_number = (SELECT a.sealed_account_number FROM payout_accounts a WHERE a.seller_id = payouts.seller_id),
                    masked_account_number = (SELECT a.masked_account_number FROM payout_accounts a WHERE a.seller_id = payouts.seller_id),
                    holder_name = (SELECT a.holder_name FROM payout_accounts a WHERE a.seller_id = payouts.seller_id)
                WHERE id = ? AND status = 'FAILED'
                  AND EXISTS (SELECT 1 FROM payout_accounts a WHERE a.seller_id = payouts.seller_id AND a.status = 'VERIFIED')
                """, now, id) == 1 else { return nil }
            try connection.execute("""
                UPDATE settlements SET status = 'PENDING' WHERE id = (SELECT settlement_id FROM payouts WHERE id = ?)
                """, id)
            return try Self.payout(id, on: connection)
        }
    }

    public func payout(_ id: Int64) async throws -> Payout? {
        try await database.read { connection in try Self.payout(id, on: connection) }
    }

    public func payouts(status: Payout.Status?, page: PageRequest) async throws -> Page<Payout> {
        try await database.read { connection in
            let filter = status == nil ? "" : "WHERE p.status = ?"
            let bindings: [any SQLBindable] = status.map { [$0.rawValue] } ?? []
            let total = try connection.queryRow("SELECT count(*) FROM payouts p \(filter)", bindings: bindings)?.int(0) ?? 0
            let rows = try connection.query("SELECT \(Self.payoutColumns) FROM payouts p \(filter) ORDER BY p.id DESC LIMIT ? OFFSET ?",
                                            bindings: bindings + [page.size, page.offset])
            return Page(items: try rows.map(Self.payout), request: page, totalItems: total)
        }
    }

    static let payoutColumns = """
        p.id, p.settlement_id, p.seller_id, p.amount, p.provider, p.status, p.bank_code, p.masked_account_number, p.reference,
        p.failure_reason, p.attempts, p.created_at, p.paid_at
        """

    static func payout(_ id: Int64, on connection: Connection) throws -> Payout? {
        try connection.queryRow("SELECT \(payoutColumns) FROM payouts p WHERE p.id = ?", id).map(payout)
    }

    static func payout(_ row: Row) throws -> Payout {
        Payout(id: try row.int64(0), settlementID: try row.int64(1), sellerID: UserID(rawValue: try row.int64(2)),
               amount: try row.int64(3), provider: try row.string(4), status: Payout.Status(rawValue: try row.string(5)) ?? .requested,
               bankCode: try row.string(6), maskedAccountNumber: try row.string(7), reference: try row.stringOrNil(8),
               failureReason: try row.stringOrNil(9), attempts: try row.int(10), createdAt: EpochMilliseconds.seconds(try row.int64(11)),
               paidAt: try row.int64OrNil(12).map(EpochMilliseconds.seconds))
    }
}
