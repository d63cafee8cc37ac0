/// One SQLite value, in SQLite's five storage classes.
public enum SQLValue: Sendable, Equatable, Hashable {
    /// A 64-bit signed integer (also booleans, as 0 and 1).
    case integer(Int64)
    /// An IEEE 754 double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes, which may include NULs.
    case blob([UInt8])
    /// SQL NULL.
    case null

    /// The storage class's name, for error messages that must not show the value itself.
    var typeName: String {
        switch self {
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        case .null: "null"
        }
    }
}

/// The two SQL dialects the repositories speak; almost all of their SQL is common to both.
public enum SQLDialect: Sendable, Equatable {
    case sqlite
    case postgres
}
