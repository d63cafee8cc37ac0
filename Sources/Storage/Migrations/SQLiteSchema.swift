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
    ]
}
