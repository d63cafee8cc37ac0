import CPostgres

/// One libpq connection (the only file besides `PostgresNotifier` that imports CPostgres).
///
/// Confined to one serial queue like a SQLite `Connection` (it is wrapped by one), so it
/// is not `Sendable`. Statements are prepared once per SQL text (with `?` placeholders
/// rewritten to `$1…$n`) and cached for the life of the connection; parameters travel as
/// text (blobs as binary), results come back as text and are typed by their column's OID:
///
/// | PostgreSQL | `SQLValue` |
/// |---|---|
/// | int2, int4, int8, oid | `.integer` |
/// | bool | `.integer` 1 / 0, as SQLite would give |
/// | numeric (`sum()` of bigints) | `.integer` when integral, else `.real` |
/// | float4, float8 | `.real` |
/// | bytea | `.blob` |
/// | anything else | `.text` |
final class PostgresConnection {
    /// How many prepared statements one connection keeps, as for SQLite: our SQL is a fixed
    /// set of literals, so reaching it means SQL is being built with varying shapes.
    static let statementCacheCapacity = 256

    private var handle: OpaquePointer?
    private var prepared: [String: String] = [:]
    private var nextStatement = 0

    /// Connects to `url` (a libpq connection string or `postgres://` URI); blocks while connecting.
    init(url: String) throws {
        guard let handle = PQconnectdb(url) else {
            throw PostgresError(sqlState: "08001", message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(sqlState: "08001", message: message)
        }
        // NOTICEs ("relation already exists, skipping") would go to stderr; we log errors only.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        self.handle = handle
    }

    deinit { close() }

    /// Closes the connection; later calls throw `PostgresError.connectionClosed`.
    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        prepared.removeAll()
    }

    /// Whether the connection is still usable; a broken one is dropped by the pool.
    var isHealthy: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether a transaction is open (or failed and awaiting ROLLBACK).
    var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Whether the open transaction failed and only ROLLBACK is accepted.
    var isAborted: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) == PQTRANS_INERROR
    }

    /// The server process serving this connection (to recognise our own notifications).
    var backendPID: Int32 { handle.map(PQbackendPID) ?? 0 }

    /// The socket, for `poll` (the notifier waits on it).
    var socket: Int32 { handle.map(PQsocket) ?? -1 }

    /// Runs one statement; returns the rows it returned and how many rows it changed.
    func run(_ sql: String, _ values: [SQLValue]) throws -> (rows: [Row], changed: Int) {
        let handle = try open()
        // libpq passes text parameters as C strings: a NUL would silently cut the value short.
        for case .text(let text) in values where text.utf8.contains(0) {
            throw PostgresError(sqlState: "22021", message: "a text value contains the NUL character, which PostgreSQL cannot store")
        }
        let name = try statementName(for: sql, values.count, on: handle)
        let result = Self.withParameters(values) { pointers, lengths, formats in
            PQexecPrepared(handle, name, Int32(values.count), pointers, lengths, formats, 0)
        }
        return try Self.consume(result, on: handle)
    }

    /// How many statements are prepared, for tests.
    var preparedCount: Int { prepared.count }

    /// Runs SQL without parameters, possibly several `;`-separated statements (migrations,
    /// BEGIN/COMMIT); not prepared.
    @discardableResult
    func script(_ sql: String) throws -> [Row] {
        let handle = try open()
        return try Self.consume(PQexec(handle, sql), on: handle).rows
    }

    /// Reads the notifications that arrived on the socket: their channels and sender pids.
    /// Throws when the connection broke.
    func notifications() throws -> [(channel: String, pid: Int32)] {
        let handle = try open()
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(sqlState: "08006", message: Self.trimmed(PQerrorMessage(handle)))
        }
        var found: [(String, Int32)] = []
        while let notify = PQnotifies(handle) {
            found.append((String(cString: notify.pointee.relname), notify.pointee.be_pid))
            PQfreemem(notify)
        }
        return found
    }

    // MARK: - Internals

    private func open() throws -> OpaquePointer {
        guard let handle else { throw PostgresError.connectionClosed }
        return handle
    }

    private func statementName(for sql: String, _ count: Int, on handle: OpaquePointer) throws -> String {
        if let name = prepared[sql] { return name }
        let (text, placeholders) = PostgresPlaceholders.rewrite(sql)
        guard placeholders == count else {
            throw PostgresError(sqlState: "07001", message: "statement has \(placeholders) placeholders but \(count) values were bound")
        }
        if prepared.count >= Self.statementCacheCapacity {
            // Not LRU, like SQLite's cache: drop them all (the server's copies too) and start over.
            try script("DEALLOCATE ALL")
            prepared.removeAll()
        }
        nextStatement += 1
        let name = "s\(nextStatement)"
        _ = try Self.consume(PQprepare(handle, name, text, Int32(count), nil), on: handle)
        prepared[sql] = name
        return name
    }

    /// Calls `body` with libpq's parameter arrays: text for numbers and strings, binary for blobs.
    private static func withParameters<R>(
        _ values: [SQLValue],
        _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> R
    ) -> R {
        var owned: [UnsafeMutablePointer<CChar>] = []
        defer { owned.forEach { $0.deallocate() } }
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for value in values {
            let bytes: [UInt8]?
            var binary = false
            switch value {
            case .null: bytes = nil
            case .integer(let integer): bytes = Array(String(integer).utf8)
            case .real(let real): bytes = Array(Self.text(real).utf8)
            case .text(let text): bytes = Array(text.utf8)
            case .blob(let blob): bytes = blob; binary = true
            }
            guard let bytes else {
                pointers.append(nil); lengths.append(0); formats.append(0)
                continue
            }
            let storage = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { storage.update(from: $0.baseAddress!, count: bytes.count) }
            }
            storage[bytes.count] = 0
            owned.append(storage)
            pointers.append(UnsafePointer(storage))
            lengths.append(Int32(bytes.count))
            formats.append(binary ? 1 : 0)
        }
        return body(pointers, lengths, formats)
    }

    private static func text(_ real: Double) -> String {
        if real.isNaN { return "NaN" }
        if real.isInfinite { return real < 0 ? "-Infinity" : "Infinity" }
        return "\(real)"
    }

    /// Turns a result into rows (or an error), and frees it.
    private static func consume(_ result: OpaquePointer?, on handle: OpaquePointer) throws -> (rows: [Row], changed: Int) {
        guard let result else {
            throw PostgresError(sqlState: "08006", message: trimmed(PQerrorMessage(handle)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return ([], changedCount(result))
        case PGRES_TUPLES_OK:
            return (rows(of: result), changedCount(result))
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let broken = PQstatus(handle) != CONNECTION_OK
            throw PostgresError(sqlState: state ?? (broken ? "08006" : "XX000"),
                                message: message ?? trimmed(PQresultErrorMessage(result)))
        }
    }

    private static func changedCount(_ result: OpaquePointer) -> Int {
        guard let text = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    private static func rows(of result: OpaquePointer) -> [Row] {
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let types = (0..<columnCount).map { PQftype(result, Int32($0)) }
        return (0..<Int(PQntuples(result))).map { row in
            Row(columns: columns, values: (0..<columnCount).map { column in
                let (r, c) = (Int32(row), Int32(column))
                if PQgetisnull(result, r, c) == 1 { return .null }
                return value(PQgetvalue(result, r, c), length: Int(PQgetlength(result, r, c)), type: types[column])
            })
        }
    }

    private static func value(_ pointer: UnsafeMutablePointer<CChar>?, length: Int, type: Oid) -> SQLValue {
        guard let pointer else { return .null }
        let text = String(cString: pointer)
        switch type {
        case 16: return .integer(text == "t" ? 1 : 0)                           // bool
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)  // int8, int2, int4, oid
        case 700, 701: return Double(text).map(SQLValue.real) ?? .text(text)  // float4, float8
        case 1700: return Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .text(text)  // numeric
        case 17: return .blob(hexBytea(pointer, length: length))              // bytea, text format "\x…"
        default: return .text(text)
        }
    }

    private static func hexBytea(_ pointer: UnsafeMutablePointer<CChar>, length: Int) -> [UInt8] {
        var length = 0
        guard let decoded = PQunescapeBytea(UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), &length) else { return [] }
        defer { PQfreemem(decoded) }
        return Array(UnsafeBufferPointer(start: decoded, count: length))
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        let text = String(cString: message)
        return String(text.reversed().drop { $0.isWhitespace }.reversed())
    }
}

/// Connections stay on the queue that owns them.
@available(*, unavailable)
extension PostgresConnection: Sendable {}

/// Rewrites SQLite-style `?` placeholders to PostgreSQL's `$1…$n`, leaving string literals,
/// quoted identifiers and comments alone, so the repositories share one SQL text.
enum PostgresPlaceholders {
    /// The rewritten text and the number of values it takes. `?NNN` (SQLite's numbered
    /// form, one value used several times) becomes `$NNN`; a plain `?` takes the number
    /// after the largest so far, as in SQLite.
    static func rewrite(_ sql: String) -> (text: String, count: Int) {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var iterator = Array(sql.unicodeScalars)[...]
        while let scalar = iterator.popFirst() {
            switch scalar {
            case "?":
                var digits = ""
                while let next = iterator.first, ("0"..."9").contains(next) {
                    digits.unicodeScalars.append(next)
                    iterator.removeFirst()
                }
                let number = Int(digits) ?? (count + 1)
                count = max(count, number)
                output += "$\(number)"
            case "'", "\"":
                output.unicodeScalars.append(scalar)
                while let next = iterator.popFirst() {
                    output.unicodeScalars.append(next)
                    if next == scalar { break }   // a doubled quote reopens at once: harmless
                }
            case "-" where iterator.first == "-":
                output.unicodeScalars.append(scalar)
                while let next = iterator.popFirst() {
                    output.unicodeScalars.append(next)
                    if next == "\n" { break }
                }
            case "/" where iterator.first == "*":
                output.unicodeScalars.append(scalar)
                var previous: Unicode.Scalar = "/"
                _ = iterator.popFirst().map { output.unicodeScalars.append($0) }
                while let next = iterator.popFirst() {
                    output.unicodeScalars.append(next)
                    if previous == "*" && next == "/" { break }
                    previous = next
                }
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return (output, count)
    }
}
