import CSQLite

/// The thin wrapper over libsqlite3 (this file for connections, `SQLite3+Statement.swift`
/// for statements; no other file imports CSQLite): it turns result codes into `SQLiteError`
/// and C strings into Swift values. Handles are `OpaquePointer`s (`sqlite3*`), owned and
/// closed by `Connection`.
enum SQLite3 {
    /// Result codes other files compare against, mirrored so they need not import CSQLite.
    enum Code {
        static let error = SQLITE_ERROR
        static let busy = SQLITE_BUSY
        static let locked = SQLITE_LOCKED
        static let constraint = SQLITE_CONSTRAINT
        static let mismatch = SQLITE_MISMATCH
        static let misuse = SQLITE_MISUSE
        static let range = SQLITE_RANGE
        // Swift does not import the extended-code macros (`(SQLITE_CONSTRAINT | (8<<8))`),
        // so they are spelled out here from sqlite3.h.
        static let constraintCheck = SQLITE_CONSTRAINT | (1 << 8)
        static let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)
        static let constraintNotNull = SQLITE_CONSTRAINT | (5 << 8)
        static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
        static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)
    }

    /// Opens a connection in multi-thread mode.
    ///
    /// `SQLITE_OPEN_NOMUTEX`, not `FULLMUTEX`: each connection is confined to one serial
    /// queue (see `SerialConnection`), so SQLite's per-connection mutex would only add cost;
    /// serialized mode is for sharing one connection between threads, which we never do.
    /// The library must still be built thread-safe, which keeps the state shared between
    /// our connections (WAL index, locks, allocator) safe; `sqlite3_threadsafe()` checks it.
    static func open(path: String, readOnly: Bool) throws -> OpaquePointer {
        guard sqlite3_threadsafe() != 0 else {
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "libsqlite3 was built without thread support")
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            // A failed open still allocates a handle (except on out-of-memory) that must be closed.
            let failure = error(handle, code)
            sqlite3_close_v2(handle)
            throw failure
        }
        return handle
    }

    /// Closes a connection; `_v2` defers the close if a statement were still alive.
    static func close(_ handle: OpaquePointer) {
        sqlite3_close_v2(handle)
    }

    /// The error for `code`, with the connection's message when it describes that code.
    static func error(_ handle: OpaquePointer?, _ code: Int32) -> SQLiteError {
        if let handle, sqlite3_extended_errcode(handle) & 0xFF == code & 0xFF {
            return SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
        }
        return SQLiteError(extendedCode: code, message: String(cString: sqlite3_errstr(code)))
    }

    /// Rows changed by all statements since the connection opened.
    static func totalChanges(_ handle: OpaquePointer) -> Int64 {
        sqlite3_total_changes64(handle)
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE (not counting triggers).
    static func changes(_ handle: OpaquePointer) -> Int64 {
        sqlite3_changes64(handle)
    }

    /// The rowid of the most recent successful INSERT on this connection.
    static func lastInsertRowID(_ handle: OpaquePointer) -> Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    /// Whether the connection is outside any transaction.
    static func isAutocommit(_ handle: OpaquePointer) -> Bool {
        sqlite3_get_autocommit(handle) != 0
    }
}
