/// A failed PostgreSQL call: the SQLSTATE and the server's primary message, never the
/// values that were bound (they travel as parameters, and the SQL text is left out).
///
/// Storage adapters translate the interesting cases (`isUniqueViolation`) into
/// `MarketplaceError`; `Database.write` retries the transient ones (`isRetryable`);
/// anything else above Storage means a 500.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The five-character SQLSTATE, such as `23505` (unique_violation); `08000` for a
    /// connection that failed or broke, `XX000` when libpq gave none.
    public let sqlState: String
    /// The server's (or libpq's) English message.
    public let message: String

    init(sqlState: String, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    /// A one-line summary.
    public var description: String { "PostgreSQL error \(sqlState): \(message)" }

    /// A UNIQUE or PRIMARY KEY constraint failed: the row already exists.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Any integrity constraint failed (class 23: unique, foreign key, not null, check, exclusion).
    public var isConstraint: Bool { sqlState.hasPrefix("23") }

    /// The transaction lost a serialization conflict (40001) or a deadlock (40P01): nothing of
    /// it was kept, and running it again from the start is correct.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The connection failed or broke (class 08, or an admin shutdown, 57P01–57P03).
    public var isConnectionFailure: Bool { sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState) }

    static let connectionClosed = PostgresError(sqlState: "08003", message: "connection is closed")
}
