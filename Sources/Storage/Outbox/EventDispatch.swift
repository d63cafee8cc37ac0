import Marketplace

/// A delivery claimed by one worker: what to send where, signed with which secret.
public struct DueDelivery: Sendable {
    public let id: Int64
    public let endpointID: Int64
    public let url: String
    public let secret: String
    public let eventID: String
    public let eventType: String
    /// Seconds since the epoch.
    public let eventCreatedAt: Double
    /// The order JSON for this endpoint (the full order, or the seller's view).
    public let order: [UInt8]
    /// Attempts made before this one.
    public let attempts: Int
}

/// What one attempt came to.
public struct DeliveryOutcome: Sendable {
    public enum Result: Sendable, Equatable {
        case succeeded
        /// Any other answer, a timeout or a transport error: retried on the schedule.
        case failed
        /// 410 Gone: the endpoint is disabled and its pending deliveries stop.
        case gone
    }

    public let result: Result
    public let responseStatus: Int?
    public let error: String?
    public let durationMs: Int

    public init(result: Result, responseStatus: Int?, error: String?, durationMs: Int) {
        self.result = result
        self.responseStatus = responseStatus
        self.error = error
        self.durationMs = durationMs
    }
}

/// A customer mail owed for a feed entry.
public struct PendingMail: Sendable {
    public let notificationID: Int64
    public let to: String
    public let subject: String
    public let body: String
}

/// The workers' side of the outbox: fan-out of new events, claims of due deliveries and
/// their outcomes. Every step is one write transaction, guarded so that several workers (or
/// servers, issue #9) take each event and each due delivery once, and idempotent through
/// UNIQUE (event, endpoint) and (event, customer), so a crash between steps re-runs safely.
public struct EventDispatch: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Fans out up to `limit` undispatched events, oldest first, in ONE transaction: for each,
    /// the guarded claim (`dispatched_at`), one PENDING delivery per matching enabled endpoint
    /// (customer endpoints: own orders; seller endpoints: orders with their lines, their
    /// view; admin endpoints: all), and the customer's feed entry (mail owed). Returns how
    /// many events it dispatched and how many deliveries it created.
    public func dispatch(limit: Int, at time: Double) async throws -> (events: Int, deliveries: Int) {
        // A read first: most wakes (every order write) find nothing new, and need not take the writer.
        guard try await database.read({ connection in
            try connection.queryRow("SELECT 1 FROM events WHERE dispatched_at IS NULL LIMIT 1") != nil
        }) else { return (0, 0) }
        return try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            let events = try connection.query(
                "SELECT id, type, order_id, customer_id FROM events WHERE dispatched_at IS NULL ORDER BY seq LIMIT ?", limit)
            var dispatched = 0, deliveries = 0
            for event in events {
                let id = try event.string(0), type = try event.string(1), order = try event.string(2)
                let customer = try event.int64(3)
                guard try connection.execute("UPDATE events SET dispatched_at = ? WHERE id = ? AND dispatched_at IS NULL",
                                             now, id) == 1 else { continue }
                dispatched += 1
                let matches = "w.enabled = 1 AND (w.events = '*' OR w.events LIKE ? ESCAPE '\\')"
                let pattern = WebhookStore.eventsPattern(type)
                deliveries += try connection.execute("""
                    INSERT INTO webhook_deliveries (endpoint_id, event_id, seller_id, status, next_attempt_at, created_at,
                                                    updated_at)
                    SELECT w.id, ?, NULL, 'PENDING', ?, ?, ? FROM webhook_endpoints w
                    WHERE \(matches) AND (w.realm = 'ADMIN' OR (w.realm = 'CUSTOMER' AND w.owner_id = ?))
                    ON CONFLICT DO NOTHING
                    """, id, now, now, now, pattern, customer)
                deliveries += try connection.execute("""
                    INSERT INTO webhook_deliveries (endpoint_id, event_id, seller_id, status, next_attempt_at, created_at,
                                                    updated_at)
                    SELECT w.id, ?, p.seller_id, 'PENDING', ?, ?, ? FROM webhook_endpoints w
                    JOIN event_seller_payloads p ON p.event_id = ? AND p.seller_id = w.owner_id
                    WHERE \(matches) AND w.realm = 'SELLER'
                    ON CONFLICT DO NOTHING
                    """, id, now, now, now, id, pattern)
                if let kind = EventType(rawValue: type) {
                    try connection.execute("""
                        INSERT INTO notifications (customer_id, event_id, type, order_id, title, body, created_at)
                        SELECT id, ?, ?, ?, ?, ?, ? FROM users WHERE id = ?
                        ON CONFLICT DO NOTHING
                        """, id, type, order, kind.title(order: order), kind.body(order: order), now, customer)
                    // The sellers' feed (docs/API.md §10): a new paid order holding their products,
                    // and the cancels of a paid order, for each seller with lines in it.
                    if kind == .orderPaid || kind == .orderCanceled || kind == .orderPartiallyCanceled {
                        try connection.execute("""
                            INSERT INTO notifications (customer_id, event_id, type, order_id, title, body, created_at)
                            SELECT p.seller_id, ?, ?, ?, ?, ?, ? FROM event_seller_payloads p
                            WHERE p.event_id = ? AND (? = 'order.paid'
                              OR EXISTS (SELECT 1 FROM payments pm WHERE pm.order_id = ? AND pm.approved_at IS NOT NULL))
                            ON CONFLICT DO NOTHING
                            """, id, type, order, kind.sellerTitle(order: order), kind.sellerBody(order: order), now, id, type, order)
                    }
                }
            }
            return (dispatched, deliveries)
        }
    }

    /// Feed entries whose mail is not queued yet, oldest first, with the customer's address.
    public func unmailed(limit: Int) async throws -> [PendingMail] {
        try await database.read { connection in
            try connection.query("""
                SELECT n.id, u.email, n.title, n.body FROM notifications n JOIN users u ON u.id = n.customer_id
                WHERE n.mailed_at IS NULL ORDER BY n.id LIMIT ?
                """, limit).map { row in
                PendingMail(notificationID: try row.int64(0), to: try row.string(1), subject: try row.string(2), body: try row.string(3))
            }
        }
    }

    /// Records that the entry's mail was handed to the Mailer.
    public func markMailed(_ notification: Int64, at time: Double) async throws {
        _ = try await database.write { connection in
            try connection.execute("UPDATE notifications SET mailed_at = ? WHERE id = ?", EpochMilliseconds.from(time), notification)
        }
    }

    /// Claims up to `limit` due deliveries (PENDING, `next_attempt_at <= time`, enabled
    /// endpoint of an account that is not suspended, no live lease) for `lease` seconds: a
    /// suspended account's deliveries wait, PENDING and unattempted, until it is reinstated
    /// (so a suspended seller is sent no customer's address). A guarded UPDATE, so two workers never
    /// take the same one; a worker that dies leaves a lease that simply runs out. On
    /// PostgreSQL the candidates are read `FOR UPDATE SKIP LOCKED`, so servers claiming at
    /// once take different deliveries instead of colliding and retrying.
    public func claimDue(limit: Int, lease: Double, at time: Double) async throws -> [DueDelivery] {
        let due = EpochMilliseconds.from(time)
        guard try await database.read({ connection in
            try connection.queryRow("""
                SELECT 1 FROM webhook_deliveries d \(Self.liveEndpoint)
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND (d.leased_until IS NULL OR d.leased_until <= ?) LIMIT 1
                """, due, due) != nil
        }) else { return [] }
        return try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            let ids = try connection.query("""
                SELECT d.id FROM webhook_deliveries d \(Self.liveEndpoint)
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND (d.leased_until IS NULL OR d.leased_until <= ?)
                ORDER BY d.next_attempt_at, d.id LIMIT ?\(connection.dialect == .postgres ? " FOR UPDATE OF d SKIP LOCKED" : "")
                """, now, now, limit).map { try $0.int64(0) }
            var claimed: [DueDelivery] = []
            for id in ids {
                guard try connection.execute("""
                    UPDATE webhook_deliveries SET leased_until = ? WHERE id = ? AND status = 'PENDING'
                      AND (leased_until IS NULL OR leased_until <= ?)
                    """, now + EpochMilliseconds.from(lease), id, now) == 1,
                    let row = try connection.queryRow("""
                        SELECT d.id, w.id, w.url, w.secret, e.id, e.type, e.created_at,
                               CASE WHEN d.seller_id IS NULL THEN e.payload ELSE
                                 (SELECT p.payload FROM event_seller_payloads p WHERE p.event_id = e.id AND p.seller_id = d.seller_id) END,
                               d.attempts
                        FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id JOIN events e ON e.id = d.event_id
                        WHERE d.id = ?
                        """, id) else { continue }
                claimed.append(DueDelivery(id: try row.int64(0), endpointID: try row.int64(1), url: try row.string(2),
                                           secret: try row.string(3), eventID: try row.string(4), eventType: try row.string(5),
                                           eventCreatedAt: EpochMilliseconds.seconds(try row.int64(6)), order: try row.blob(7),
                                           attempts: try row.int(8)))
            }
            return claimed
        }
    }

    /// Records an attempt and decides what follows: SUCCEEDED; PENDING again after
    /// `schedule[attempt - 1]` seconds; FAILED after the schedule's last delay; for 410, the
    /// endpoint disabled and all its PENDING deliveries FAILED. Returns the next attempt's time.
    @discardableResult
    public func record(_ outcome: DeliveryOutcome, of delivery: DueDelivery, schedule: [Int], at time: Double) async throws -> Double? {
        try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            guard let attempts = try connection.queryRow("SELECT attempts FROM webhook_deliveries WHERE id = ?", delivery.id)?.int(0)
            else { return nil }   // the endpoint was deleted meanwhile
            let attempt = attempts + 1
            var status = DeliveryStatus.failed
            var next: Int64?
            switch outcome.result {
            case .succeeded:
                status = .succeeded
            case .failed where attempt - 1 < schedule.count:
                status = .pending
                next = now + Int64(schedule[attempt - 1]) * 1000
            case .failed:
                break
            case .gone:
                try connection.execute("""
                    UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'the endpoint answered 410 Gone', updated_at = ?
                    WHERE id = ?
                    """, now, delivery.endpointID)
                try connection.execute("""
                    UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL, leased_until = NULL, updated_at = ?
                    WHERE endpoint_id = ? AND status = 'PENDING' AND id != ?
                    """, now, delivery.endpointID, delivery.id)
            }
            try connection.execute("""
                UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, leased_until = NULL, updated_at = ?
                WHERE id = ?
                """, status.rawValue, attempt, next, now, delivery.id)
            try connection.execute("""
                INSERT INTO webhook_attempts (delivery_id, attempt, status, response_status, error, duration_ms, created_at,
                                              next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, delivery.id, attempt, status.rawValue, outcome.responseStatus, outcome.error, outcome.durationMs, now, next)
            return next.map(EpochMilliseconds.seconds)
        }
    }

    /// Deliveries by status (`PENDING`, `SUCCEEDED`, `FAILED`), for metrics.
    public func deliveryCounts() async throws -> [String: Int] {
        try await database.read { connection in
            var counts: [String: Int] = [:]
            for row in try connection.query("SELECT status, count(*) FROM webhook_deliveries GROUP BY status") {
                counts[try row.string(0)] = try row.int(1)
            }
            return counts
        }
    }

    /// The joins that keep deliveries `d` to endpoints that take them now: enabled, of an
    /// account that is not suspended.
    static let liveEndpoint = """
        JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.enabled = 1
        JOIN users o ON o.id = w.owner_id AND o.status = 'ACTIVE'
        """

    /// The earliest `next_attempt_at` of a PENDING delivery to a live endpoint, if any.
    public func nextDue() async throws -> Double? {
        try await database.read { connection in
            try connection.queryRow("""
                SELECT min(CASE WHEN coalesce(d.leased_until, 0) > d.next_attempt_at THEN coalesce(d.leased_until, 0)
                                ELSE d.next_attempt_at END) FROM webhook_deliveries d
                \(Self.liveEndpoint) WHERE d.status = 'PENDING'
                """)?.int64OrNil(0).map(EpochMilliseconds.seconds)
        }
    }
}
