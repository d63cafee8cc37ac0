extension SQLiteSchema {
    /// Issue #20: commission rules and the sellers' append-only ledger (docs/API.md §11).
    static let ledger = Migration(name: "0016_ledger", sql: """
        -- Admin rules; the default rate is configuration. `scope` is '<sellerId>/<category>'
        -- with empty parts for "any" (written by CommissionStore): one rule per pair.
        CREATE TABLE commission_rules (
            id INTEGER PRIMARY KEY,
            seller_id INTEGER REFERENCES users (id),
            category TEXT CHECK (category IS NULL OR length(category) BETWEEN 1 AND 50),
            scope TEXT NOT NULL UNIQUE,
            rate_bps INTEGER NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
            created_at INTEGER NOT NULL
        ) STRICT;
        -- One row per (order, product) paid: the seller, the rate fixed at payment, and when
        -- its entries become available (NULL until the order is DELIVERED; set once).
        CREATE TABLE ledger_lines (
            order_id TEXT NOT NULL REFERENCES orders (id),
            product_id INTEGER NOT NULL,
            seller_id INTEGER NOT NULL REFERENCES users (id),
            rate_bps INTEGER NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
            available_at INTEGER,
            PRIMARY KEY (order_id, product_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ledger_lines_seller ON ledger_lines (seller_id, available_at);
        -- Append-only: the triggers refuse every UPDATE and DELETE. Signs are fixed by type.
        CREATE TABLE ledger_entries (
            id INTEGER PRIMARY KEY,
            seller_id INTEGER NOT NULL REFERENCES users (id),
            order_id TEXT NOT NULL,
            product_id INTEGER NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('SALE', 'COMMISSION', 'REFUND', 'COMMISSION_REFUND')),
            amount INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            CHECK ((type IN ('SALE', 'COMMISSION_REFUND') AND amount > 0) OR (type IN ('COMMISSION', 'REFUND') AND amount < 0)),
            FOREIGN KEY (order_id, product_id) REFERENCES ledger_lines (order_id, product_id)
        ) STRICT;
        CREATE INDEX ledger_entries_seller ON ledger_entries (seller_id, created_at, id);
        CREATE INDEX ledger_entries_line ON ledger_entries (order_id, product_id);
        CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
        BEGIN
            SELECT RAISE(ABORT, 'ledger entries are append-only');
        END;
        CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
        BEGIN
            SELECT RAISE(ABORT, 'ledger entries are append-only');
        END;
        """)
}
