/// The SQLite schema's migrations, in order. Never edit a shipped one: append another.
public enum SQLiteSchema {
    /// Every migration, oldest first.
    public static let migrations: [Migration] = [
        Migration(name: "0001_service_meta", sql: """
            CREATE TABLE service_meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) STRICT;
            """),
        Migration(name: "0002_users", sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
                -- ASCII-lowercased email (SQLite's lower() is ASCII-only, like EmailAddress.normalize):
                -- the UNIQUE index makes addresses unique regardless of case.
                email_normalized TEXT NOT NULL UNIQUE CHECK (email_normalized = lower(email)),
                password_hash TEXT NOT NULL CHECK (password_hash LIKE '$2_$%'),
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                phone TEXT CHECK (phone IS NULL OR (length(phone) BETWEEN 10 AND 11 AND phone NOT GLOB '*[^0-9]*')),
                role TEXT NOT NULL CHECK (role IN ('CUSTOMER', 'SELLER', 'ADMIN')),
                status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED')),
                email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
                created_at INTEGER NOT NULL -- Unix milliseconds
            ) STRICT;
            CREATE INDEX users_role_status ON users (role, status);
            CREATE INDEX users_status ON users (status);
            """),
        Migration(name: "0003_sessions", sql: """
            CREATE TABLE sessions (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                -- SHA-256 (hex) of the bearer token; the token itself is never stored.
                token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
                revoked_at INTEGER
            ) STRICT;
            CREATE INDEX sessions_user ON sessions (user_id, expires_at);
            """),
        Migration(name: "0004_email_verifications", sql: """
            CREATE TABLE email_verifications (
                user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                -- SHA-256 (hex) of "<user id>:<code>"; the code itself is only in the mail.
                code_digest TEXT NOT NULL CHECK (length(code_digest) = 64),
                expires_at INTEGER NOT NULL,
                failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
                created_at INTEGER NOT NULL
            ) STRICT;
            """),
        Migration(name: "0005_login_failures", sql: """
            -- Login throttling, in the database so that several servers share it: one row per
            -- failed login; a successful login deletes its email's rows.
            CREATE TABLE login_failures (
                id INTEGER PRIMARY KEY,
                email_normalized TEXT NOT NULL,
                failed_at INTEGER NOT NULL -- Unix milliseconds
            ) STRICT;
            CREATE INDEX login_failures_email ON login_failures (email_normalized, failed_at);
            CREATE INDEX login_failures_time ON login_failures (failed_at);
            """),
        Migration(name: "0006_catalog", sql: """
            CREATE TABLE products (
                id INTEGER PRIMARY KEY,
                seller_id INTEGER NOT NULL REFERENCES users (id),
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
                price INTEGER NOT NULL CHECK (price BETWEEN 0 AND 1000000000),
                stock INTEGER NOT NULL CHECK (stock BETWEEN 0 AND 1000000),
                category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 50 AND category NOT GLOB '*[^a-z0-9-]*'),
                tax_free INTEGER NOT NULL DEFAULT 0 CHECK (tax_free IN (0, 1)),
                status TEXT NOT NULL CHECK (status IN ('ON_SALE', 'HIDDEN', 'DELETED')),
                -- The first image's object (bucket/key), kept by the image repository in the
                -- same transaction as the images, so listings need no join.
                thumbnail_key TEXT,
                created_at INTEGER NOT NULL, -- Unix milliseconds
                updated_at INTEGER NOT NULL
            ) STRICT;
            -- One index per public sort order, led by status so ON_SALE pages are index ranges.
            CREATE INDEX products_newest ON products (status, created_at DESC, id DESC);
            CREATE INDEX products_name ON products (status, name, id);
            CREATE INDEX products_price ON products (status, price, id);
            CREATE INDEX products_category_newest ON products (status, category, created_at DESC, id DESC);
            CREATE INDEX products_seller ON products (seller_id, status, created_at DESC, id DESC);

            CREATE TABLE product_images (
                id INTEGER PRIMARY KEY,
                product_id INTEGER NOT NULL REFERENCES products (id),
                position INTEGER NOT NULL CHECK (position >= 0),
                bucket TEXT NOT NULL,
                object_key TEXT NOT NULL,
                content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')),
                size INTEGER NOT NULL CHECK (size > 0),
                etag TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                UNIQUE (product_id, position),
                UNIQUE (bucket, object_key)
            ) STRICT;
            """),
        Migration(name: "0007_catalog_listing", sql: """
            -- `q` matches a case-insensitive substring of the name: this server stores each name
            -- lowercased by Swift (Unicode lowercase mapping; SQLite's lower() knows only ASCII).
            -- NULL (rows written before, or by other tools) falls back to lower(name) in queries.
            ALTER TABLE products ADD COLUMN name_folded TEXT;
            UPDATE products SET name_folded = lower(name);
            -- The category filter with the name and price orders, as products_category_newest
            -- serves it with the default order: pages stay index ranges.
            CREATE INDEX products_category_name ON products (status, category, name, id);
            CREATE INDEX products_category_price ON products (status, category, price, id);
            """),
        Migration(name: "0008_carts_orders_payments", sql: """
            -- One line per (customer, product); the product's live name and price are joined in.
            CREATE TABLE cart_items (
                customer_id INTEGER NOT NULL REFERENCES users (id),
                product_id INTEGER NOT NULL REFERENCES products (id),
                quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
                added_at INTEGER NOT NULL, -- Unix milliseconds
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (customer_id, product_id)
            ) STRICT, WITHOUT ROWID;

            -- Amounts are not stored on the order: they follow from its lines (OrderAmounts).
            CREATE TABLE orders (
                id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 6 AND 64 AND id NOT GLOB '*[^A-Za-z0-9_-]*'),
                customer_id INTEGER NOT NULL REFERENCES users (id),
                status TEXT NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'SHIPPING', 'DELIVERED', 'PAYMENT_FAILED',
                                                       'EXPIRED', 'CANCELED')),
                recipient TEXT NOT NULL,
                phone TEXT NOT NULL,
                address1 TEXT NOT NULL,
                address2 TEXT,
                zip_code TEXT NOT NULL,
                tracking_number TEXT,
                created_at INTEGER NOT NULL, -- Unix milliseconds
                updated_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX orders_customer ON orders (customer_id, created_at DESC, id DESC);
            CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
            CREATE INDEX orders_status ON orders (status, created_at DESC, id DESC);
            -- The expiry worker's query: unpaid orders by due time.
            CREATE INDEX orders_pending_expiry ON orders (expires_at) WHERE status = 'PENDING_PAYMENT';

            -- Snapshots of the products at ordering time. A partial cancel splits a line: the
            -- canceled units become a CANCELED line of their own (a new line number).
            CREATE TABLE order_items (
                order_id TEXT NOT NULL REFERENCES orders (id),
                line INTEGER NOT NULL CHECK (line >= 0),
                product_id INTEGER NOT NULL REFERENCES products (id),
                seller_id INTEGER NOT NULL REFERENCES users (id),
                name TEXT NOT NULL,
                unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
                quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
                tax_free INTEGER NOT NULL CHECK (tax_free IN (0, 1)),
                status TEXT NOT NULL CHECK (status IN ('ORDERED', 'CANCELED')),
                -- The customer's reason, on CANCELED lines (kept, not shown by the API).
                cancel_reason TEXT,
                PRIMARY KEY (order_id, line)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX order_items_seller ON order_items (seller_id, order_id);

            CREATE TABLE order_history (
                id INTEGER PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders (id),
                status TEXT NOT NULL,
                at INTEGER NOT NULL, -- Unix milliseconds
                actor TEXT NOT NULL
            ) STRICT;
            CREATE INDEX order_history_order ON order_history (order_id, id);

            CREATE TABLE payments (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL UNIQUE REFERENCES orders (id),
                provider TEXT NOT NULL CHECK (provider IN ('TOSS', 'KAKAOPAY', 'CARD')),
                status TEXT NOT NULL CHECK (status IN ('READY', 'IN_PROGRESS', 'DONE', 'ABORTED', 'UNKNOWN',
                                                       'PARTIAL_CANCELED', 'CANCELED', 'EXPIRED')),
                amount INTEGER NOT NULL CHECK (amount >= 0),
                vat INTEGER NOT NULL CHECK (vat >= 0),
                tax_free_amount INTEGER NOT NULL CHECK (tax_free_amount >= 0),
                balance_amount INTEGER NOT NULL CHECK (balance_amount >= 0),
                balance_vat INTEGER NOT NULL CHECK (balance_vat >= 0),
                payment_key TEXT,
                tid TEXT,
                card_masked_number TEXT,
                card_expiry TEXT,
                approved_at INTEGER, -- Unix milliseconds
                attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                -- Set once prepare's checkout rows are stored.
                checkout_at INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX payments_status ON payments (status);

            -- payment.checkout, one row per field in the order the API shows them.
            CREATE TABLE payment_checkout (
                payment_id TEXT NOT NULL REFERENCES payments (id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                text_value TEXT,
                int_value INTEGER,
                PRIMARY KEY (payment_id, position)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE payment_cancels (
                id INTEGER PRIMARY KEY,
                payment_id TEXT NOT NULL REFERENCES payments (id),
                tid TEXT,
                amount INTEGER NOT NULL CHECK (amount > 0),
                vat INTEGER NOT NULL CHECK (vat >= 0),
                reason TEXT NOT NULL,
                canceled_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX payment_cancels_payment ON payment_cancels (payment_id, id);
            """),
        Migration(name: "0009_idempotency_keys", sql: """
            -- Idempotency-Key records (docs/API.md §1): one per account and key. The UNIQUE constraint
            -- is the claim: of concurrent INSERTs for one (user_id, idempotency_key), one wins.
            CREATE TABLE idempotency_keys (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                idempotency_key TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
                -- SHA-256 (hex) of method, path and body: a retry must send the same request.
                fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
                state TEXT NOT NULL CHECK (state IN ('IN_FLIGHT', 'COMPLETED')),
                -- +1 each time an expired lease is reclaimed; completes and releases name it.
                attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
                -- Unix milliseconds; an IN_FLIGHT row past it belongs to a request that died.
                locked_until INTEGER,
                response_status INTEGER CHECK (response_status IS NULL OR response_status BETWEEN 100 AND 599),
                -- Replayed headers, one "Name: value" per line (Content-Type, Location).
                response_headers TEXT,
                response_body BLOB,
                created_at INTEGER NOT NULL,
                completed_at INTEGER,
                UNIQUE (user_id, idempotency_key),
                CHECK ((state = 'IN_FLIGHT' AND locked_until IS NOT NULL AND response_status IS NULL)
                    OR (state = 'COMPLETED' AND response_status IS NOT NULL AND response_body IS NOT NULL))
            ) STRICT;
            -- Retention (24 h) deletes the oldest rows first.
            CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
            """),
        Migration(name: "0010_payment_confirm_recovery", sql: """
            -- Confirm, recovery and refunds (issue #6). All times are Unix milliseconds.
            -- The lease of whoever is talking to the gateway about this payment: a live confirm
            -- (gatewayTimeout + margin) or the recovery worker. Only an expired lease may be taken.
            ALTER TABLE payments ADD COLUMN locked_until INTEGER;
            -- When the recovery worker asks again about an UNKNOWN payment (backoff).
            ALTER TABLE payments ADD COLUMN next_attempt_at INTEGER;
            -- Kakao Pay's pg_token from the confirm, so the worker can approve again after a lost
            -- answer (one-time, bound to the tid; useless to anyone without the secret key).
            ALTER TABLE payments ADD COLUMN proof_token TEXT;
            -- A refund's claim: set (to a lease end) by the one cancel talking to the gateway;
            -- a second cancel of the payment meanwhile is refused (409 CONCURRENT_REQUEST).
            ALTER TABLE payments ADD COLUMN cancel_claimed_until INTEGER;
            -- The recovery worker's query.
            CREATE INDEX payments_recovery ON payments (status, next_attempt_at) WHERE status IN ('IN_PROGRESS', 'UNKNOWN');
            """),
        Migration(name: "0011_outbox_webhooks", sql: """
            -- The outbox (docs/API.md §7): one row per order or payment change, written in the change's
            -- own transaction. `seq` orders them; `dispatched_at` is set by the dispatcher's
            -- guarded claim (in the transaction that creates the deliveries and feed entries).
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE CHECK (id LIKE 'evt_%'),
                type TEXT NOT NULL,
                order_id TEXT NOT NULL,
                customer_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL, -- Unix milliseconds
                -- The order JSON as admins and its customer see it at that moment.
                payload BLOB NOT NULL,
                dispatched_at INTEGER
            ) STRICT;
            CREATE INDEX events_undispatched ON events (seq) WHERE dispatched_at IS NULL;

            -- The seller view of the same moment, one per seller with lines in the order.
            CREATE TABLE event_seller_payloads (
                event_id TEXT NOT NULL REFERENCES events (id),
                seller_id INTEGER NOT NULL,
                payload BLOB NOT NULL,
                PRIMARY KEY (event_id, seller_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX event_seller_payloads_seller ON event_seller_payloads (seller_id);

            CREATE TABLE webhook_endpoints (
                id INTEGER PRIMARY KEY,
                owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                realm TEXT NOT NULL CHECK (realm IN ('CUSTOMER', 'SELLER', 'ADMIN')),
                url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
                -- '*' or ',type,type,' (so that instr finds ',type,').
                events TEXT NOT NULL,
                description TEXT,
                -- Stored as issued: the server needs it to sign.
                secret TEXT NOT NULL CHECK (secret LIKE 'whsec_%'),
                enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
                disabled_reason TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id, realm);

            -- One event to one endpoint; UNIQUE makes the fan-out idempotent.
            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY,
                endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
                event_id TEXT NOT NULL REFERENCES events (id),
                -- The seller whose view is sent (seller endpoints), else NULL: the full order.
                seller_id INTEGER,
                status TEXT NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
                attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                next_attempt_at INTEGER,
                -- A worker's claim: nobody else takes the delivery before it passes.
                leased_until INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (event_id, endpoint_id),
                CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
            ) STRICT;
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
            CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id);

            CREATE TABLE webhook_attempts (
                id INTEGER PRIMARY KEY,
                delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
                attempt INTEGER NOT NULL CHECK (attempt >= 1),
                status TEXT NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
                response_status INTEGER,
                error TEXT,
                duration_ms INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                next_attempt_at INTEGER
            ) STRICT;
            CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

            -- The customers' feed; UNIQUE (event, customer) makes it idempotent. `mailed_at`
            -- is set once the change's mail is queued with the Mailer.
            CREATE TABLE notifications (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                event_id TEXT NOT NULL REFERENCES events (id),
                type TEXT NOT NULL,
                order_id TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                read_at INTEGER,
                mailed_at INTEGER,
                created_at INTEGER NOT NULL,
                UNIQUE (event_id, customer_id)
            ) STRICT;
            CREATE INDEX notifications_customer ON notifications (customer_id, id);
            CREATE INDEX notifications_unmailed ON notifications (id) WHERE mailed_at IS NULL;
            """),
        Migration(name: "0012_card_payments", sql: """
            -- Paying by card (issue #7). The card is kept only sealed (AES-256-GCM, base64, as the
            -- message's encrypted block) with a keyed hash of its number; never in clear.
            -- Stored with the management id (tid) in the READY → IN_PROGRESS transaction, before
            -- the PAYMENT is sent, so cancels and the reconciliation after a crash find it.
            ALTER TABLE payments ADD COLUMN card_data TEXT;
            ALTER TABLE payments ADD COLUMN card_fingerprint TEXT;
            -- GET /admin/payments/{id} by a CARD management id (the payment's or a cancel's).
            CREATE INDEX payments_tid ON payments (tid) WHERE tid IS NOT NULL;
            CREATE INDEX payment_cancels_tid ON payment_cancels (tid) WHERE tid IS NOT NULL;
            -- One card number in one payment at a time, across servers sharing the database: the
            -- claim is inserted with the payment's move to IN_PROGRESS (a UNIQUE failure refuses
            -- the second payment, 409 CONCURRENT_REQUEST, and rolls its claim back) and deleted
            -- when the payment settles. The lease frees a card held by a payment left UNKNOWN.
            CREATE TABLE card_locks (
                fingerprint TEXT PRIMARY KEY,
                payment_id TEXT NOT NULL UNIQUE REFERENCES payments (id),
                locked_until INTEGER NOT NULL -- Unix milliseconds
            ) STRICT, WITHOUT ROWID;
            -- Released in the settling transaction itself, whichever writer settles (confirm,
            -- recovery, expiry): any move out of IN_PROGRESS / UNKNOWN frees the card.
            CREATE TRIGGER card_locks_release AFTER UPDATE OF status ON payments
            WHEN NEW.status NOT IN ('IN_PROGRESS', 'UNKNOWN')
            BEGIN
                DELETE FROM card_locks WHERE payment_id = NEW.id;
            END;
            """),
        authLimits,
        sellerSuspension,
        mailQueue,
        ledger,
        settlements,
    ]
}
