extension SQLiteSchema {
    /// Issue #19: the durable mail queue, the accounts' mail language.
    static let mailQueue = Migration(name: "0015_mail_queue", sql: """
        -- Every mail is a row, inserted in the same transaction as the change that causes it
        -- (MailQueueStore.enqueue), then sent by MailWorker: QUEUED rows whose next_attempt_at
        -- is due and whose lease (leased_until) ran out are claimed with a guarded UPDATE, so
        -- servers sharing the database never send one twice; a server that dies mid-send
        -- leaves a lease that runs out, and the mail is sent again with the same Message-ID
        -- (<id@…>), so a duplicate is recognizable.
        CREATE TABLE mail_queue (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE CHECK (id LIKE 'mail_%'),
            recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
            subject TEXT NOT NULL,
            kind TEXT NOT NULL,
            locale TEXT NOT NULL CHECK (locale IN ('ko', 'en')),
            text_body TEXT NOT NULL,
            html_body TEXT,
            status TEXT NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'FAILED')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_error TEXT,
            next_attempt_at INTEGER,
            leased_until INTEGER,
            created_at INTEGER NOT NULL,
            sent_at INTEGER
        ) STRICT;
        CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at, seq) WHERE status = 'QUEUED';
        CREATE INDEX mail_queue_status ON mail_queue (status, seq);
        -- The language of the account's mail (PATCH /me {locale}).
        ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en'));
        -- Sellers' feed entries share the customers' table: customer_id is the account told.
        """)
}
