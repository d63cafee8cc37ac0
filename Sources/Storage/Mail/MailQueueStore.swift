public import Marketplace

/// One row of the mail queue (docs/API.md §10).
public struct QueuedMail: Sendable {
    public let id: String
    public let to: String
    public let subject: String
    public let kind: String
    public let locale: String
    public let text: String
    public let html: String?
    /// `QUEUED`, `SENT` or `FAILED`.
    public let status: String
    public let attempts: Int
    public let lastError: String?
    /// Seconds since the epoch.
    public let nextAttemptAt: Double?
    public let createdAt: Double
    public let sentAt: Double?
}

/// What an admin's retry found.
public enum MailRetryOutcome: Sendable {
    /// QUEUED and due now.
    case queued(QueuedMail)
    case notFound
    /// It was sent already; nothing changed.
    case alreadySent
}

/// The durable mail queue in `mail_queue` (migration 0015). `enqueue` runs inside the
/// caller's write transaction (the change that causes the mail), so a crash keeps both or
/// neither; the worker's steps (claim, record) are each one write transaction of their own.
public struct MailQueueStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    static let columns = """
        id, recipient, subject, kind, locale, text_body, html_body, status, attempts, last_error, next_attempt_at,
        created_at, sent_at
        """

    /// Appends `message` on `connection`, which MUST be inside an open write transaction.
    /// Returns the queue id (`mail_…`), due at once. Its times are the system's real time (as
    /// the worker's are), whatever clock the change that causes it runs on.
    @discardableResult
    public static func enqueue(_ message: MailMessage, on connection: Connection) throws -> String {
        let id = "mail_" + RandomID.base62(24)
        let now = EpochMilliseconds.now()
        try connection.execute("""
            INSERT INTO mail_queue (id, recipient, subject, kind, locale, text_body, html_body, status, attempts,
                                    next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?)
            """, id, message.to.value, message.subject, message.kind, message.locale.rawValue, message.body, message.html,
            now, now)
        return id
    }

    /// Queues `message` in a transaction of its own (a mail no other change causes).
    @discardableResult
    public func enqueue(_ message: MailMessage) async throws -> String {
        try await database.write { connection in try Self.enqueue(message, on: connection) }
    }

    /// Claims up to `limit` due mails (QUEUED, `next_attempt_at <= time`, no live lease) for
    /// `lease` seconds, oldest first. Each claim is a guarded UPDATE, so two workers (on one
    /// server or several) never take the same mail; on PostgreSQL the candidates are read
    /// `FOR UPDATE SKIP LOCKED`, so servers claiming at once take different ones.
    public func claimDue(limit: Int, lease: Double, at time: Double) async throws -> [QueuedMail] {
        let now = EpochMilliseconds.from(time)
        let due = "status = 'QUEUED' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)"
        guard try await database.read({ connection in
            try connection.queryRow("SELECT 1 FROM mail_queue WHERE \(due) LIMIT 1", now, now) != nil
        }) else { return [] }
        return try await database.write { connection in
            let ids = try connection.query("""
                SELECT id FROM mail_queue WHERE \(due) ORDER BY next_attempt_at, seq LIMIT ?\
                \(connection.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : "")
                """, now, now, limit).map { try $0.string(0) }
            var claimed: [QueuedMail] = []
            for id in ids {
                guard try connection.execute("UPDATE mail_queue SET leased_until = ? WHERE id = ? AND \(due)",
                                             now + EpochMilliseconds.from(lease), id, now, now) == 1,
                      let row = try connection.queryRow("SELECT \(Self.columns) FROM mail_queue WHERE id = ?", id)
                else { continue }
                claimed.append(try Self.mail(row))
            }
            return claimed
        }
    }

    /// Records one attempt: SENT; QUEUED again after `schedule[attempts - 1]` seconds for a
    /// transient failure while the schedule lasts; FAILED for a permanent one or past the
    /// schedule's end. One transaction; the lease is released. A sent verification mail's
    /// bodies are blanked: the code is not kept once it was handed over.
    public func record(_ result: MailSendResult, of id: String, schedule: [Int], at time: Double) async throws {
        _ = try await database.write { connection in
            let now = EpochMilliseconds.from(time)
            guard let attempts = try connection.queryRow(
                "SELECT attempts FROM mail_queue WHERE id = ? AND status = 'QUEUED'", id)?.int(0) else { return }
            let attempt = attempts + 1
            switch result {
            case .sent:
                try connection.execute("""
                    UPDATE mail_queue SET status = 'SENT', attempts = ?, sent_at = ?, next_attempt_at = NULL, leased_until = NULL,
                        text_body = CASE WHEN kind = 'verification' THEN '' ELSE text_body END,
                        html_body = CASE WHEN kind = 'verification' THEN NULL ELSE html_body END
                    WHERE id = ?
                    """, attempt, now, id)
            case .transient(let reason) where attempt <= schedule.count:
                try connection.execute("""
                    UPDATE mail_queue SET attempts = ?, last_error = ?, next_attempt_at = ?, leased_until = NULL WHERE id = ?
                    """, attempt, Self.clipped(reason), now + Int64(schedule[attempt - 1]) * 1000, id)
            case .transient(let reason), .permanent(let reason):
                try connection.execute("""
                    UPDATE mail_queue SET status = 'FAILED', attempts = ?, last_error = ?, next_attempt_at = NULL,
                        leased_until = NULL WHERE id = ?
                    """, attempt, Self.clipped(reason), id)
            }
        }
    }

    /// An admin's retry: a FAILED or QUEUED mail becomes QUEUED and due now (its attempts and
    /// last error stay, so a transient failure after a spent schedule fails it again).
    public func retry(_ id: String, at time: Double) async throws -> MailRetryOutcome {
        try await database.write { connection in
            guard let status = try connection.queryRow("SELECT status FROM mail_queue WHERE id = ?", id)?.string(0) else {
                return .notFound
            }
            if status == "SENT" { return .alreadySent }
            try connection.execute("""
                UPDATE mail_queue SET status = 'QUEUED', next_attempt_at = ?, leased_until = NULL WHERE id = ? AND status != 'SENT'
                """, EpochMilliseconds.from(time), id)
            guard let row = try connection.queryRow("SELECT \(Self.columns) FROM mail_queue WHERE id = ?", id) else {
                return .notFound
            }
            return .queued(try Self.mail(row))
        }
    }

    /// One page of the queue, newest first, optionally of one status.
    public func list(status: String?, page: PageRequest) async throws -> Page<QueuedMail> {
        try await database.read { connection in
            let filter = status == nil ? "" : "WHERE status = ?"
            let arguments: [any SQLBindable] = status.map { [$0] } ?? []
            let total = try connection.queryRow("SELECT count(*) FROM mail_queue \(filter)", bindings: arguments)?.int(0) ?? 0
            let rows = try connection.query("""
                SELECT \(Self.columns) FROM mail_queue \(filter) ORDER BY seq DESC LIMIT ? OFFSET ?
                """, bindings: arguments + [page.size, page.offset])
            return Page(items: try rows.map(Self.mail), request: page, totalItems: total)
        }
    }

    /// Mails by status, for `/metrics`.
    public func counts() async throws -> [String: Int] {
        try await database.read { connection in
            var counts: [String: Int] = [:]
            for row in try connection.query("SELECT status, count(*) FROM mail_queue GROUP BY status") {
                counts[try row.string(0)] = try row.int(1)
            }
            return counts
        }
    }

    /// When the next QUEUED mail is due (its lease's end if later), if any.
    public func nextDue() async throws -> Double? {
        try await database.read { connection in
            try connection.queryRow("""
                SELECT min(CASE WHEN coalesce(leased_until, 0) > next_attempt_at THEN coalesce(leased_until, 0)
                                ELSE next_attempt_at END) FROM mail_queue WHERE status = 'QUEUED'
                """)?.int64OrNil(0).map(EpochMilliseconds.seconds)
        }
    }

    static func clipped(_ reason: String) -> String { reason.count <= 500 ? reason : String(reason.prefix(500)) }

    static func mail(_ row: Row) throws -> QueuedMail {
        QueuedMail(id: try row.string(0), to: try row.string(1), subject: try row.string(2), kind: try row.string(3),
                   locale: try row.string(4), text: try row.string(5), html: try row.stringOrNil(6), status: try row.string(7),
                   attempts: try row.int(8), lastError: try row.stringOrNil(9),
                   nextAttemptAt: try row.int64OrNil(10).map(EpochMilliseconds.seconds),
                   createdAt: EpochMilliseconds.seconds(try row.int64(11)), sentAt: try row.int64OrNil(12).map(EpochMilliseconds.seconds))
    }
}
