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
    ]
}
