/// A prepared statement, owned by one `Connection` (usually in its cache) and used only on
/// that connection's queue.
final class Statement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    init(_ sql: String, on connection: OpaquePointer, persistent: Bool) throws {
        self.handle = try SQLite3.prepare(sql, on: connection, persistent: persistent)
        self.connection = connection
    }

    deinit {
        SQLite3.finalize(handle)
    }

    /// Binds `bindings`, steps through every row handing it to `onRow`, then resets.
    ///
    /// The reset runs even on error: a statement left mid-step would keep its read
    /// transaction (and in WAL, its snapshot) open, and would still hold the bound values.
    func run(_ bindings: [SQLValue], onRow: (Statement) throws -> Void = { _ in }) throws {
        defer { SQLite3.reset(handle) }
        try SQLite3.bind(bindings, to: handle, on: connection)
        while try SQLite3.step(handle, on: connection) {
            try onRow(self)
        }
    }

    /// The current row, copied out; valid only inside `run`'s `onRow`.
    func currentRow(columns: [String]) -> Row {
        Row(columns: columns, values: SQLite3.columnValues(handle))
    }

    /// The result's column names; read per run, since a schema change may re-prepare the statement.
    func columnNames() -> [String] {
        SQLite3.columnNames(handle)
    }
}
