import Marketplace
import HTTPServer
import Storage

/// `GET /api/v1/admin/mail`, `POST /api/v1/admin/mail/{id}/retry` (docs/API.md §10), ADMIN only.
enum MailRoutes {
    static let tag = "admin-mail"
    static let maxPageSize = 100

    enum Status: String, CaseIterable {
        case queued = "QUEUED"
        case sent = "SENT"
        case failed = "FAILED"
    }

    static func register(on router: inout Router, queue: MailQueueStore, clock: any WallClock, retried: @escaping @Sendable () -> Void) {
        router.add(.get, "/api/v1/admin/mail", access: .role(.admin), doc: OperationDoc(
            "List the mail queue, newest first", tag: tag,
            query: [.init(name: "status", schema: .string(values: Status.allCases.map(\.rawValue)))]
                + OperationDoc.paging(maxSize: maxPageSize),
            replies: [
                .json(200, "a page of queued, sent and failed mail", .ref("MailPage")),
                .problem(400, "INVALID_PARAMETER: unknown status, page < 1, size outside 1–100"),
            ])) { request, _ in
            let status = try request.enumQuery("status", as: Status.self)
            let page = try await queue.list(status: status?.rawValue, page: try request.pageRequest(maxSize: maxPageSize))
            return Response.json(PageResponse.body(page) { mail, json in write(mail, into: &json) })
        }

        router.add(.post, "/api/v1/admin/mail/{id}/retry", access: .role(.admin), doc: OperationDoc(
            "Send a FAILED (or still QUEUED) mail again now", tag: tag, replies: [
                .json(202, "the mail, QUEUED and due now", .ref("Mail")),
                .problem(404, "MAIL_NOT_FOUND"),
                .problem(409, "MAIL_ALREADY_SENT"),
            ])) { request, _ in
            guard let id = request.parameters["id"], id.hasPrefix("mail_"), id.count <= 64 else { throw notFound }
            switch try await queue.retry(id, at: clock.now()) {
            case .queued(let mail):
                retried()
                var json = JSONWriter(capacity: 512)
                write(mail, into: &json)
                return Response.json(json.bytes, status: 202)
            case .notFound:
                throw notFound
            case .alreadySent:
                throw MarketplaceError.conflict(code: "MAIL_ALREADY_SENT", detail: "This mail was sent already.")
            }
        }
    }

    static let notFound = MarketplaceError.notFound(code: "MAIL_NOT_FOUND", detail: "No mail has this id.")

    /// `{id, to, subject, kind, locale, status, attempts, lastError, nextAttemptAt, createdAt, sentAt}`.
    static func write(_ mail: QueuedMail, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", mail.id)
        json.member("to", mail.to)
        // A verification code is the account's secret, not the admins': its digits are masked.
        json.member("subject", mail.kind == "verification" ? String(mail.subject.map { $0.isNumber ? "*" : $0 }) : mail.subject)
        json.member("kind", mail.kind)
        json.member("locale", mail.locale)
        json.member("status", mail.status)
        json.member("attempts", mail.attempts)
        json.member("lastError", mail.lastError)
        time("nextAttemptAt", mail.nextAttemptAt, &json)
        time("createdAt", mail.createdAt, &json)
        time("sentAt", mail.sentAt, &json)
        json.endObject()
    }

    private static func time(_ name: String, _ seconds: Double?, _ json: inout JSONWriter) {
        guard let seconds else { json.key(name); json.null(); return }
        let whole = seconds.rounded(.down)
        json.member(name, RFC3339.format(whole, millis: min(999, max(0, Int(((seconds - whole) * 1000).rounded(.down))))))
    }
}
