/// One result row, copied out of SQLite so it outlives the statement and may cross threads.
///
/// Typed reads throw `SQLiteError` (`SQLITE_RANGE` for a missing column, `SQLITE_MISMATCH`
/// for a wrong storage class or an unexpected NULL); the message names the column, never
/// the value. Column names match exactly as the query spelled them (use `AS` to rename).
public struct Row: Sendable, Equatable {
    /// The column names, in result order.
    public let columns: [String]
    /// The values, in result order.
    public let values: [SQLValue]

    init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value at `index`, or nil when there is no such column.
    public subscript(index: Int) -> SQLValue? {
        values.indices.contains(index) ? values[index] : nil
    }

    /// The value of the column named `name`, or nil when there is no such column.
    public subscript(name: String) -> SQLValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// The value at `index` as `T`; use an optional `T` (`String?.self`) for nullable columns.
    public func value<T: SQLDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw SQLiteError(extendedCode: SQLite3.Code.range, message: "no column at index \(index)")
        }
        return try decode(values[index], as: type, column: "column \(index)")
    }

    /// The value of column `name` as `T`; use an optional `T` (`String?.self`) for nullable columns.
    public func value<T: SQLDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.firstIndex(of: name) else {
            throw SQLiteError(extendedCode: SQLite3.Code.range, message: "no column named '\(name)'")
        }
        return try decode(values[index], as: type, column: "column '\(name)'")
    }

    private func decode<T: SQLDecodable>(_ value: SQLValue, as type: T.Type, column: String) throws -> T {
        guard let decoded = T.decode(from: value) else {
            throw SQLiteError(
                extendedCode: SQLite3.Code.mismatch,
                message: "\(column) holds \(value.typeName), not \(T.self)"
            )
        }
        return decoded
    }
}
