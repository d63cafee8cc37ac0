public import Marketplace

/// Webhook endpoints, their delivery attempts and the customers' feed (docs/API.md §7).
public struct WebhookStore: WebhookRepository {
    let database: Database

    /// Creates the repository over an opened, migrated database.
    public init(database: Database) { self.database = database }

    static let endpointColumns = """
        id, owner_id, realm, url, events, description, enabled, disabled_reason, secret, created_at, updated_at
        """

    public func create(_ endpoint: NewWebhookEndpoint, limit: Int) async throws -> WebhookEndpoint? {
        try await database.write { connection in
            try connection.serializeWrites(onRowOf: "users", column: "status", id: endpoint.ownerID.rawValue)
            let count = try connection.queryRow("SELECT count(*) FROM webhook_endpoints WHERE owner_id = ? AND realm = ?",
                                                endpoint.ownerID.rawValue, endpoint.realm.rawValue)?.int(0) ?? 0
            guard count < limit else { return nil }
            let now = EpochMilliseconds.from(endpoint.createdAt)
            return try connection.queryRow("""
                INSERT INTO webhook_endpoints (owner_id, realm, url, events, description, secret, enabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
                RETURNING \(Self.endpointColumns)
                """, endpoint.ownerID.rawValue, endpoint.realm.rawValue, endpoint.url, Self.storedEvents(endpoint.events),
                endpoint.description, endpoint.secret, now, now).map(Self.endpoint(from:))
        }
    }

    public func endpoints(of owner: UserID, realm: Role) async throws -> [WebhookEndpoint] {
        try await database.read { connection in
            try connection.query("SELECT \(Self.endpointColumns) FROM webhook_endpoints WHERE owner_id = ? AND realm = ? ORDER BY id",
                                 owner.rawValue, realm.rawValue).map(Self.endpoint(from:))
        }
    }

    public func endpoint(_ id: Int64, of owner: UserID, realm: Role) async throws -> WebhookEndpoint? {
        try await database.read { connection in try Self.endpoint(id, owner: owner, realm: realm, on: connection) }
    }

    public func update(_ id: Int64, of owner: UserID, realm: Role, _ change: WebhookEndpointChange, at time: Double) async throws
        -> WebhookEndpoint? {
        try await database.write { connection in
            guard try Self.endpoint(id, owner: owner, realm: realm, on: connection) != nil else { return nil }
            let now = EpochMilliseconds.from(time)
            if let url = change.url { try connection.execute("UPDATE webhook_endpoints SET url = ? WHERE id = ?", url, id) }
            if let events = change.events {
                try connection.execute("UPDATE webhook_endpoints SET events = ? WHERE id = ?", Self.storedEvents(events), id)
            }
            if let description = change.description {
                try connection.execute("UPDATE webhook_endpoints SET description = ? WHERE id = ?", description, id)
            }
            if let enabled = change.enabled {
                try connection.execute("UPDATE webhook_endpoints SET enabled = ?, disabled_reason = NULL WHERE id = ?", enabled, id)
            }
            try connection.execute("UPDATE webhook_endpoints SET updated_at = ? WHERE id = ?", now, id)
            return try Self.endpoint(id, owner: owner, realm: realm, on: connection)
        }
    }

    public func delete(_ id: Int64, of owner: UserID, realm: Role) async throws -> Bool {
        try await database.write { connection in
            try connection.execute("DELETE FROM webhook_endpoints WHERE id = ? AND owner_id = ? AND realm = ?",
                                   id, owner.rawValue, realm.rawValue) == 1
        }
    }

    public func attempts(of endpoint: Int64, page: PageRequest) async throws -> Page<WebhookAttempt> {
        try await database.read { connection in
            let total = try connection.queryRow("""
                SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = ?
                """, endpoint)?.int(0) ?? 0
            let items = try connection.query("""
                SELECT a.id, d.id, e.id, e.type, a.attempt, a.status, a.response_status, a.error, a.duration_ms, a.created_at,
                       a.next_attempt_at
                FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN events e ON e.id = d.event_id
                WHERE d.endpoint_id = ? ORDER BY a.id DESC LIMIT ? OFFSET ?
                """, endpoint, page.size, page.offset).map { row in
                WebhookAttempt(id: try row.int64(0), deliveryID: try row.int64(1), eventID: try row.string(2),
                               eventType: try row.string(3), attempt: try row.int(4),
                               status: try OrderRow.value(row.string(5), as: DeliveryStatus.self),
                               responseStatus: try row.intOrNil(6), error: try row.stringOrNil(7), durationMs: try row.int(8),
                               createdAt: EpochMilliseconds.seconds(try row.int64(9)),
                               nextAttemptAt: try row.int64OrNil(10).map(EpochMilliseconds.seconds))
            }
            return Page(items: items, request: page, totalItems: total)
        }
    }

    public func retry(attempt attemptID: Int64, of endpoint: Int64, at time: Double) async throws -> Bool {
        try await database.write { connection in
            try connection.execute("""
                UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = ?, leased_until = NULL, updated_at = ?
                WHERE endpoint_id = ? AND id = (SELECT delivery_id FROM webhook_attempts WHERE id = ?)
                """, EpochMilliseconds.from(time), EpochMilliseconds.from(time), endpoint, attemptID) == 1
        }
    }

    static let notificationColumns = "id, event_id, type, order_id, title, body, read_at, created_at"

    public func notifications(of customer: UserID, unreadOnly: Bool, page: PageRequest) async throws -> Page<CustomerNotification> {
        let condition = unreadOnly ? "customer_id = ? AND read_at IS NULL" : "customer_id = ?"
        return try await database.read { connection in
            let total = try connection.queryRow("SELECT count(*) FROM notifications WHERE \(condition)", customer.rawValue)?.int(0) ?? 0
            let items = try connection.query("""
                SELECT \(Self.notificationColumns) FROM notifications WHERE \(condition) ORDER BY id DESC LIMIT ? OFFSET ?
                """, customer.rawValue, page.size, page.offset).map(Self.notification(from:))
            return Page(items: items, request: page, totalItems: total)
        }
    }

    public func markRead(_ id: Int64, of customer: UserID, at time: Double) async throws -> CustomerNotification? {
        try await database.write { connection in
            try connection.execute("UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND customer_id = ?",
                                   EpochMilliseconds.from(time), id, customer.rawValue)
            return try connection.queryRow("SELECT \(Self.notificationColumns) FROM notifications WHERE id = ? AND customer_id = ?",
                                           id, customer.rawValue).map(Self.notification(from:))
        }
    }

    // MARK: Rows

    /// `*`, or the types between commas (`,order.paid,order.shipping,`) so that a substring
    /// match of `,type,` (`eventsPattern`) matches whole names only.
    static func storedEvents(_ events: [String]) -> String {
        events == ["*"] ? "*" : "," + events.joined(separator: ",") + ","
    }

    /// The `LIKE ? ESCAPE '\'` pattern of the stored events (`storedEvents`) that list `type`:
    /// `%,type,%`. Types are lowercase ASCII names, so both databases' LIKE agree.
    static func eventsPattern(_ type: String) -> String { LikePattern.containing("," + type + ",") }

    static func endpoint(_ id: Int64, owner: UserID, realm: Role, on connection: Connection) throws -> WebhookEndpoint? {
        try connection.queryRow("SELECT \(endpointColumns) FROM webhook_endpoints WHERE id = ? AND owner_id = ? AND realm = ?",
                                id, owner.rawValue, realm.rawValue).map(endpoint(from:))
    }

    static func endpoint(from row: Row) throws -> WebhookEndpoint {
        let events = try row.string(4)
        return WebhookEndpoint(
            id: try row.int64(0), ownerID: UserID(rawValue: try row.int64(1)), realm: try OrderRow.value(row.string(2), as: Role.self),
            url: try row.string(3), events: events == "*" ? ["*"] : events.split(separator: ",").map(String.init),
            description: try row.stringOrNil(5), enabled: try row.bool(6), disabledReason: try row.stringOrNil(7),
            secret: try row.string(8), createdAt: EpochMilliseconds.seconds(try row.int64(9)),
            updatedAt: EpochMilliseconds.seconds(try row.int64(10)))
    }

    static func notification(from row: Row) throws -> CustomerNotification {
        CustomerNotification(id: try row.int64(0), eventID: try row.string(1), type: try row.string(2), orderID: try row.string(3),
                             title: try row.string(4), body: try row.string(5), read: try row.int64OrNil(6) != nil,
                             createdAt: EpochMilliseconds.seconds(try row.int64(7)))
    }
}
