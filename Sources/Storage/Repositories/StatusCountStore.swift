/// What `/metrics` reports from the tables: orders and payments by status, and the payments
/// the recovery worker still has to settle. One read transaction, three `GROUP BY`/aggregate
/// queries over the `orders_status`/`payments_status` indexes; the server caches the answer
/// for a few seconds, so a scrape costs at most that per interval whatever the scrape rate.
public struct StatusCountStore: Sendable {
    private let database: Database

    public init(database: Database) { self.database = database }

    public struct Snapshot: Sendable, Equatable {
        /// Rows per `orders.status` (absent statuses have no entry).
        public var orders: [String: Int] = [:]
        /// Rows per `payments.status`.
        public var payments: [String: Int] = [:]
        /// Payments the recovery worker will settle: UNKNOWN, or IN_PROGRESS past their lease
        /// (a crashed confirm).
        public var awaitingRecovery = 0
        /// The oldest of those, by its payment's `created_at` (seconds since the epoch); nil if none.
        public var oldestAwaitingRecovery: Double?
    }

    /// The counts as of one consistent read at `time` (seconds since the epoch).
    public func snapshot(at time: Double) async throws -> Snapshot {
        try await database.read { connection in
            var snapshot = Snapshot()
            for row in try connection.query("SELECT status, count(*) FROM orders GROUP BY status") {
                snapshot.orders[try row.string(0)] = try row.int(1)
            }
            for row in try connection.query("SELECT status, count(*) FROM payments GROUP BY status") {
                snapshot.payments[try row.string(0)] = try row.int(1)
            }
            if let row = try connection.queryRow("""
                SELECT count(*), min(created_at) FROM payments
                WHERE status = 'UNKNOWN' OR (status = 'IN_PROGRESS' AND locked_until <= ?)
                """, EpochMilliseconds.from(time)) {
                snapshot.awaitingRecovery = try row.int(0)
                snapshot.oldestAwaitingRecovery = try row.int64OrNil(1).map(EpochMilliseconds.seconds)
            }
            return snapshot
        }
    }
}
