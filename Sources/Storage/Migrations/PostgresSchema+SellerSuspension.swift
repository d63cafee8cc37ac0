extension PostgresSchema {
    /// Issue #14: a suspended seller's products leave the public catalog.
    static let sellerSuspension = Migration(name: "0014_seller_suspension", sql: """
        -- A suspended seller's products leave the public catalog (listings, counts, product
        -- pages, carts' availability, order placement) and come back unchanged on
        -- reinstatement. The flag is written with users.status in the suspension's own
        -- transaction (UserStore.setStatus), so public queries need no join and the
        -- listing indexes, now led by (status, seller_suspended), stay index-only ranges.
        ALTER TABLE products ADD COLUMN seller_suspended BIGINT NOT NULL DEFAULT 0 CHECK (seller_suspended IN (0, 1));
        UPDATE products SET seller_suspended = 1 WHERE seller_id IN (SELECT id FROM users WHERE status = 'SUSPENDED');
        DROP INDEX products_newest;
        DROP INDEX products_name;
        DROP INDEX products_price;
        DROP INDEX products_category_newest;
        DROP INDEX products_category_name;
        DROP INDEX products_category_price;
        CREATE INDEX products_newest ON products (status, seller_suspended, created_at DESC, id DESC);
        CREATE INDEX products_name ON products (status, seller_suspended, name, id);
        CREATE INDEX products_price ON products (status, seller_suspended, price, id);
        CREATE INDEX products_category_newest ON products (status, seller_suspended, category, created_at DESC, id DESC);
        CREATE INDEX products_category_name ON products (status, seller_suspended, category, name, id);
        CREATE INDEX products_category_price ON products (status, seller_suspended, category, price, id);
        """)
}
