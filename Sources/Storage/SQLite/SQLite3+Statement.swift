import CSQLite

/// Prepared-statement calls: prepare, bind, step, read columns. Statement handles are
/// `OpaquePointer`s (`sqlite3_stmt*`), owned and finalized by `Statement`.
extension SQLite3 {
    /// Compiles exactly one statement; a second statement in the text is refused rather than
    /// silently ignored (use `executeScript` for those). Trailing comments are fine.
    static func prepare(_ sql: String, on handle: OpaquePointer, persistent: Bool) throws -> OpaquePointer {
        try sql.withCString { start in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
            let code = sqlite3_prepare_v3(handle, start, -1, flags, &statement, &tail)
            guard code == SQLITE_OK else { throw error(handle, code) }
            guard let statement else {
                throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "no SQL statement to prepare")
            }
            if let tail, containsStatement(tail, on: handle) {
                sqlite3_finalize(statement)
                throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "more than one SQL statement; use executeScript")
            }
            return statement
        }
    }

    /// Prepares and hands over each statement of a script in turn, finalizing it afterwards.
    static func forEachStatement(in sql: String, on handle: OpaquePointer, _ body: (OpaquePointer) throws -> Void) throws {
        try sql.withCString { start in
            var cursor = start
            while cursor.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, cursor, -1, &statement, &tail)
                guard code == SQLITE_OK else { throw error(handle, code) }
                // A nil statement means only whitespace, a comment or a lone `;` was consumed.
                if let statement {
                    defer { sqlite3_finalize(statement) }
                    try body(statement)
                }
                guard let tail, tail > cursor else { break }
                cursor = tail
            }
        }
    }

    static func finalize(_ statement: OpaquePointer) {
        sqlite3_finalize(statement)
    }

    /// Binds `values` to the `?` parameters; a count mismatch is an error, not a NULL.
    static func bind(_ values: [SQLValue], to statement: OpaquePointer, on handle: OpaquePointer) throws {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == values.count else {
            throw SQLiteError(extendedCode: SQLITE_RANGE, message: "statement has \(expected) parameters but \(values.count) values were bound")
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 = switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let integer): sqlite3_bind_int64(statement, index, integer)
            case .real(let real): sqlite3_bind_double(statement, index, real)
            case .text(let text):
                // withCString's buffer holds every UTF-8 byte (NULs included); the explicit length keeps them.
                text.withCString { sqlite3_bind_text64(statement, index, $0, UInt64(text.utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8)) }
            case .blob(let bytes) where bytes.isEmpty:
                // A NULL pointer would bind SQL NULL; an empty blob needs zeroblob(0).
                sqlite3_bind_zeroblob(statement, index, 0)
            case .blob(let bytes):
                bytes.withUnsafeBytes { sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), csqlite_transient()) }
            }
            guard code == SQLITE_OK else { throw error(handle, code) }
        }
    }

    /// Advances one row: true when a row is ready, false when the statement is done.
    static func step(_ statement: OpaquePointer, on handle: OpaquePointer) throws -> Bool {
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(handle, code)
        }
    }

    /// Makes the statement reusable and drops its bound values, so none linger in memory.
    static func reset(_ statement: OpaquePointer) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    static func columnNames(_ statement: OpaquePointer) -> [String] {
        (0..<sqlite3_column_count(statement)).map { index in
            sqlite3_column_name(statement, index).map { String(cString: $0) } ?? ""
        }
    }

    /// The current row's values, in column order.
    static func columnValues(_ statement: OpaquePointer) -> [SQLValue] {
        (0..<sqlite3_column_count(statement)).map { columnValue(statement, $0) }
    }

    private static func columnValue(_ statement: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, index))
        case SQLITE3_TEXT:
            // Fetch the pointer before the length, as SQLite's documentation requires.
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            // A zero-length blob comes back as a NULL pointer.
            guard let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(statement, index))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// Whether `text` holds more than whitespace and comments (or fails to compile).
    private static func containsStatement(_ text: UnsafePointer<CChar>, on handle: OpaquePointer) -> Bool {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, text, -1, &statement, nil)
        if let statement { sqlite3_finalize(statement) }
        return code != SQLITE_OK || statement != nil
    }
}
