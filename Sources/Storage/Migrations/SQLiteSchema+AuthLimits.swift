extension SQLiteSchema {
    /// Issue #14: the auth limits of docs/API.md §12, counted before the work they limit.
    static let authLimits = Migration(name: "0013_auth_limits", sql: """
        -- Every limit here is a sliding window over rows claimed BEFORE the work runs: a claim
        -- counts its key's rows in the window and inserts its own in one write transaction (on
        -- PostgreSQL under an advisory lock on the key), so N requests at once never get more
        -- than the limit's worth through, on one server or several.
        --
        -- Logins: one row per attempt, PENDING while its password is checked, FAILED after a
        -- wrong one; a right password or an attempt never checked deletes its row. Counted per
        -- (email, client address) and per email. Failures recorded before 0013 keep counting
        -- for their email (their address was not kept: '').
        CREATE TABLE login_attempts (
            id INTEGER PRIMARY KEY,
            email_normalized TEXT NOT NULL,
            client_address TEXT NOT NULL CHECK (length(client_address) <= 64),
            attempted_at INTEGER NOT NULL, -- Unix milliseconds
            outcome TEXT NOT NULL CHECK (outcome IN ('PENDING', 'FAILED'))
        ) STRICT;
        CREATE INDEX login_attempts_email ON login_attempts (email_normalized, attempted_at);
        CREATE INDEX login_attempts_time ON login_attempts (attempted_at);
        INSERT INTO login_attempts (email_normalized, client_address, attempted_at, outcome)
            SELECT email_normalized, '', failed_at, 'FAILED' FROM login_failures;
        DROP TABLE login_failures;
        -- Signups per client address, verification resends per email: one row per claimed
        -- action, dropped once its longest window has passed (expires_at).
        CREATE TABLE rate_limit_events (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL CHECK (scope IN ('SIGNUP', 'RESEND_VERIFICATION')),
            subject TEXT NOT NULL CHECK (length(subject) <= 254),
            occurred_at INTEGER NOT NULL, -- Unix milliseconds
            expires_at INTEGER NOT NULL CHECK (expires_at >= occurred_at)
        ) STRICT;
        CREATE INDEX rate_limit_events_subject ON rate_limit_events (scope, subject, occurred_at);
        CREATE INDEX rate_limit_events_expiry ON rate_limit_events (expires_at);
        """)
}
