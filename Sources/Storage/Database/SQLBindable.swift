/// A Swift value that can be bound to a `?` parameter.
public protocol SQLBindable: Sendable {
    /// The value as SQLite will store it.
    var sqlValue: SQLValue { get }
}

/// A Swift value that can be read back from a column.
public protocol SQLDecodable {
    /// The Swift value for `value`, or nil when the storage class does not fit.
    static func decode(from value: SQLValue) -> Self?
}

extension SQLValue: SQLBindable, SQLDecodable {
    /// The value itself.
    public var sqlValue: SQLValue { self }
    /// The value itself; never nil.
    public static func decode(from value: SQLValue) -> SQLValue? { value }
}

extension Int64: SQLBindable, SQLDecodable {
    /// An integer.
    public var sqlValue: SQLValue { .integer(self) }
    /// An integer column.
    public static func decode(from value: SQLValue) -> Int64? {
        if case .integer(let integer) = value { integer } else { nil }
    }
}

extension Int: SQLBindable, SQLDecodable {
    /// An integer.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    /// An integer column that fits in `Int`.
    public static func decode(from value: SQLValue) -> Int? {
        Int64.decode(from: value).flatMap { Int(exactly: $0) }
    }
}

extension Bool: SQLBindable, SQLDecodable {
    /// 1 for true, 0 for false: SQLite has no boolean type.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    /// An integer column; any non-zero value is true.
    public static func decode(from value: SQLValue) -> Bool? {
        Int64.decode(from: value).map { $0 != 0 }
    }
}

extension Double: SQLBindable, SQLDecodable {
    /// A real.
    public var sqlValue: SQLValue { .real(self) }
    /// A real column, or an integer one (SQLite stores whole reals as integers in untyped columns).
    public static func decode(from value: SQLValue) -> Double? {
        switch value {
        case .real(let real): real
        case .integer(let integer): Double(integer)
        default: nil
        }
    }
}

extension String: SQLBindable, SQLDecodable {
    /// UTF-8 text.
    public var sqlValue: SQLValue { .text(self) }
    /// A text column.
    public static func decode(from value: SQLValue) -> String? {
        if case .text(let text) = value { text } else { nil }
    }
}

extension Array: SQLBindable, SQLDecodable where Element == UInt8 {
    /// A blob.
    public var sqlValue: SQLValue { .blob(self) }
    /// A blob column.
    public static func decode(from value: SQLValue) -> [UInt8]? {
        if case .blob(let bytes) = value { bytes } else { nil }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    /// The wrapped value, or NULL.
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    /// `.some(nil)` for NULL, the wrapped value when it fits, nil when it does not.
    public static func decode(from value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.decode(from: value).map { .some($0) }
    }
}
