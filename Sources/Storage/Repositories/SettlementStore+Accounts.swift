public import Marketplace

/// Payout accounts: the number only sealed (by the caller's cipher) and masked.
extension SettlementStore {
    /// One statement: an upsert. A payout already REQUESTED keeps the account it was made with
    /// (copied into `payouts`), so the change applies from the next settlement on.
    public func savePayoutAccount(_ account: PayoutAccount, sealedAccountNumber: String, at time: Double) async throws {
        try await database.write { connection in
            try connection.execute("""
                INSERT INTO payout_accounts (seller_id, bank_code, sealed_account_number, masked_account_number, holder_name,
                                             business_number, status, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (seller_id) DO UPDATE SET bank_code = excluded.bank_code,
                    sealed_account_number = excluded.sealed_account_number, masked_account_number = excluded.masked_account_number,
                    holder_name = excluded.holder_name, business_number = excluded.business_number, status = excluded.status,
                    updated_at = excluded.updated_at
                """, account.sellerID.rawValue, account.bankCode, sealedAccountNumber, account.maskedAccountNumber,
                account.holderName, account.businessNumber, account.status.rawValue, EpochMilliseconds.from(time))
        }
    }

    public func payoutAccount(seller: UserID) async throws -> PayoutAccount? {
        try await database.read { connection in
            try connection.queryRow("""
                SELECT bank_code, masked_account_number, holder_name, business_number, status FROM payout_accounts WHERE seller_id = ?
                """, seller.rawValue).map { row in
                PayoutAccount(sellerID: seller, bankCode: try row.string(0), maskedAccountNumber: try row.string(1),
                              holderName: try row.string(2), businessNumber: try row.stringOrNil(3),
                              status: PayoutAccount.Status(rawValue: try row.string(4)) ?? .pending)
            }
        }
    }
}
