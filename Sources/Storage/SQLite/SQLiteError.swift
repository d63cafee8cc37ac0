/// A failed SQLite call: result codes and SQLite's message, never the values that were bound.
///
/// SQLite's own messages name tables, columns and constraints ("UNIQUE constraint failed:
/// users.email") but not row values, and the SQL text is left out on purpose, so this error
/// is safe to log. Storage adapters translate the interesting cases (`isConstraintUnique`)
/// into `MarketplaceError`; anything else above Storage means a 500.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code, such as 2067 (`SQLITE_CONSTRAINT_UNIQUE`).
    public let extendedCode: Int32
    /// SQLite's English message (or this layer's, for misuse it detects itself).
    public let message: String

    init(extendedCode: Int32, message: String) {
        self.extendedCode = extendedCode
        self.message = message
    }

    /// The primary result code, such as 19 (`SQLITE_CONSTRAINT`) or 5 (`SQLITE_BUSY`).
    public var code: Int32 { extendedCode & 0xFF }

    /// A one-line summary with both codes and the message.
    public var description: String {
        "SQLite error \(code) (extended \(extendedCode)): \(message)"
    }

    /// Any constraint failed: UNIQUE, PRIMARY KEY, FOREIGN KEY, NOT NULL or CHECK.
    public var isConstraint: Bool { code == SQLite3.Code.constraint }

    /// A UNIQUE or PRIMARY KEY constraint failed: the row already exists.
    public var isConstraintUnique: Bool {
        extendedCode == SQLite3.Code.constraintUnique || extendedCode == SQLite3.Code.constraintPrimaryKey
    }

    /// A FOREIGN KEY constraint failed: a referenced row is missing or still referenced.
    public var isConstraintForeignKey: Bool { extendedCode == SQLite3.Code.constraintForeignKey }

    /// A NOT NULL constraint failed.
    public var isConstraintNotNull: Bool { extendedCode == SQLite3.Code.constraintNotNull }

    /// A CHECK constraint failed.
    public var isConstraintCheck: Bool { extendedCode == SQLite3.Code.constraintCheck }

    /// The database was locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { code == SQLite3.Code.busy || code == SQLite3.Code.locked }

    /// The database (or this connection) was used after `Database.close()`.
    static let closed = SQLiteError(extendedCode: SQLite3.Code.misuse, message: "database is closed")
}
