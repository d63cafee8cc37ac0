extension SQLiteSchema {
    /// Issue #20: payout accounts, settlements, their entries, payouts and the run's lease (docs/API.md §11).
    static let settlements = Migration(name: "0017_settlements", sql: """
        -- The seller's payout account: the number sealed (AES-256-GCM, like card data) and a
        -- masked copy for every answer.
        CREATE TABLE payout_accounts (
            seller_id INTEGER PRIMARY KEY REFERENCES users (id),
            bank_code TEXT NOT NULL CHECK (length(bank_code) = 3),
            sealed_account_number TEXT NOT NULL,
            masked_account_number TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            business_number TEXT,
            status TEXT NOT NULL CHECK (status IN ('PENDING', 'VERIFIED', 'REJECTED')),
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE settlements (
            id INTEGER PRIMARY KEY,
            seller_id INTEGER NOT NULL REFERENCES users (id),
            period_end INTEGER NOT NULL,
            sales INTEGER NOT NULL,
            refunds INTEGER NOT NULL,
            commission INTEGER NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            status TEXT NOT NULL CHECK (status IN ('PENDING', 'PAID', 'FAILED')),
            created_at INTEGER NOT NULL,
            paid_at INTEGER
        ) STRICT;
        CREATE INDEX settlements_seller ON settlements (seller_id, id);
        CREATE INDEX settlements_status ON settlements (status, id);
        -- The constraint that no entry is in two settlements: one row per entry, ever.
        CREATE TABLE settlement_entries (
            entry_id INTEGER PRIMARY KEY REFERENCES ledger_entries (id),
            settlement_id INTEGER NOT NULL REFERENCES settlements (id)
        ) STRICT;
        CREATE INDEX settlement_entries_settlement ON settlement_entries (settlement_id);
        -- One payout per settlement, with the account as it was when the settlement was made
        -- (a later change of the account applies to the next settlement, not this one).
        CREATE TABLE payouts (
            id INTEGER PRIMARY KEY,
            settlement_id INTEGER NOT NULL UNIQUE REFERENCES settlements (id),
            seller_id INTEGER NOT NULL REFERENCES users (id),
            amount INTEGER NOT NULL CHECK (amount > 0),
            provider TEXT NOT NULL CHECK (provider IN ('MANUAL', 'TOSS')),
            status TEXT NOT NULL CHECK (status IN ('REQUESTED', 'PAID', 'FAILED')),
            bank_code TEXT NOT NULL,
            sealed_account_number TEXT NOT NULL,
            masked_account_number TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            reference TEXT,
            failure_reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            paid_at INTEGER
        ) STRICT;
        CREATE INDEX payouts_status ON payouts (status, id);
        -- The run's lease: one row; a run holds it while lease_until is in the future.
        CREATE TABLE settlement_runs (
            name TEXT PRIMARY KEY,
            holder TEXT,
            lease_until INTEGER NOT NULL,
            last_until INTEGER
        ) STRICT;
        INSERT INTO settlement_runs (name, lease_until) VALUES ('settlement', 0);
        """)
}
