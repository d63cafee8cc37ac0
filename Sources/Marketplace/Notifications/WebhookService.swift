/// Webhook endpoints in every realm and the customers' feed (docs/API.md §7). Another account's
/// endpoint or feed entry is reported as not found.
public struct WebhookService: Sendable {
    let repository: any WebhookRepository
    let clock: any WallClock
    /// A fresh `whsec_…` secret (libcrypto's CSPRNG, in Auth).
    let makeSecret: @Sendable () throws -> String
    /// Checks a URL (syntax, and the network guard); throws a `MarketplaceError` when refused.
    let checkURL: @Sendable (String) async throws -> Void
    /// Called after a manual retry made a delivery due (wakes the delivery worker).
    let retried: @Sendable () -> Void

    /// Endpoints one account may have per realm.
    public static let maxEndpoints = 10
    public static let maxDescription = 200

    public init(repository: any WebhookRepository, clock: any WallClock, makeSecret: @escaping @Sendable () throws -> String,
                checkURL: @escaping @Sendable (String) async throws -> Void, retried: @escaping @Sendable () -> Void = {}) {
        self.repository = repository
        self.clock = clock
        self.makeSecret = makeSecret
        self.checkURL = checkURL
        self.retried = retried
    }

    /// Registers an endpoint. Errors: 400 (events, description), 422 `WEBHOOK_URL_NOT_ALLOWED`
    /// (scheme, length, userinfo, a private address), 409 `WEBHOOK_LIMIT_REACHED`.
    public func create(url: String?, events: [String]?, description: String?, realm: Role, by principal: Principal) async throws
        -> WebhookEndpoint {
        var issues: [FieldIssue] = []
        if url == nil { issues.append(FieldIssue(field: "url", message: "is required")) }
        if let problem = Self.eventsProblem(events ?? []) { issues.append(FieldIssue(field: "events", message: problem)) }
        if let description, description.count > Self.maxDescription || description.hasControlCharacters {
            issues.append(FieldIssue(field: "description", message: "must be at most \(Self.maxDescription) characters, without control characters"))
        }
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The webhook endpoint is not valid.") }
        let target = url ?? ""
        try await checkURL(target)
        let draft = NewWebhookEndpoint(ownerID: principal.userID, realm: realm, url: target, events: events ?? [],
                                       description: description, secret: try makeSecret(), createdAt: clock.now())
        guard let endpoint = try await repository.create(draft, limit: Self.maxEndpoints) else {
            throw MarketplaceError.conflict(code: "WEBHOOK_LIMIT_REACHED",
                                            detail: "An account may have at most \(Self.maxEndpoints) webhook endpoints per realm.")
        }
        return endpoint
    }

    public func list(realm: Role, by principal: Principal) async throws -> [WebhookEndpoint] {
        try await repository.endpoints(of: principal.userID, realm: realm)
    }

    /// Errors: 404 `WEBHOOK_NOT_FOUND`.
    public func endpoint(_ id: String, realm: Role, by principal: Principal) async throws -> WebhookEndpoint {
        guard let id = Int64(id), let endpoint = try await repository.endpoint(id, of: principal.userID, realm: realm) else {
            throw Self.notFound
        }
        return endpoint
    }

    /// Errors: 400, 404, 422 as for `create`.
    public func update(_ id: String, _ change: WebhookEndpointChange, realm: Role, by principal: Principal) async throws
        -> WebhookEndpoint {
        _ = try await endpoint(id, realm: realm, by: principal)
        var issues: [FieldIssue] = []
        if let events = change.events, let problem = Self.eventsProblem(events) {
            issues.append(FieldIssue(field: "events", message: problem))
        }
        if let description = change.description, description.count > Self.maxDescription || description.hasControlCharacters {
            issues.append(FieldIssue(field: "description", message: "must be at most \(Self.maxDescription) characters, without control characters"))
        }
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The webhook endpoint change is not valid.") }
        if let url = change.url { try await checkURL(url) }
        guard let updated = try await repository.update(Int64(id) ?? 0, of: principal.userID, realm: realm, change, at: clock.now())
        else { throw Self.notFound }
        return updated
    }

    /// Errors: 404.
    public func delete(_ id: String, realm: Role, by principal: Principal) async throws {
        guard let id = Int64(id), try await repository.delete(id, of: principal.userID, realm: realm) else { throw Self.notFound }
    }

    /// The endpoint's attempts, newest first. Errors: 404.
    public func attempts(_ id: String, page: PageRequest, realm: Role, by principal: Principal) async throws -> Page<WebhookAttempt> {
        let endpoint = try await endpoint(id, realm: realm, by: principal)
        return try await repository.attempts(of: endpoint.id, page: page)
    }

    /// Makes the attempt's delivery due now. Errors: 404 (`WEBHOOK_NOT_FOUND`, `DELIVERY_NOT_FOUND`).
    public func retry(_ id: String, attempt: String, realm: Role, by principal: Principal) async throws {
        let endpoint = try await endpoint(id, realm: realm, by: principal)
        guard let attemptID = Int64(attempt), try await repository.retry(attempt: attemptID, of: endpoint.id, at: clock.now()) else {
            throw MarketplaceError.notFound(code: "DELIVERY_NOT_FOUND", detail: "This endpoint has no delivery with this id.")
        }
        retried()
    }

    /// The customer's feed, newest first.
    public func feed(unreadOnly: Bool, page: PageRequest, by principal: Principal) async throws -> Page<CustomerNotification> {
        try await repository.notifications(of: principal.userID, unreadOnly: unreadOnly, page: page)
    }

    /// Marks a feed entry read (again: no change). Errors: 404 `NOTIFICATION_NOT_FOUND`.
    public func markRead(_ id: String, by principal: Principal) async throws -> CustomerNotification {
        guard let id = Int64(id), let entry = try await repository.markRead(id, of: principal.userID, at: clock.now()) else {
            throw MarketplaceError.notFound(code: "NOTIFICATION_NOT_FOUND", detail: "You have no notification with this id.")
        }
        return entry
    }

    /// Why `events` is not a non-empty list of known types (or exactly `["*"]`), if it is not.
    static func eventsProblem(_ events: [String]) -> String? {
        if events == ["*"] { return nil }
        let known = Set(EventType.allCases.map(\.rawValue))
        if events.isEmpty || events.count > known.count || Set(events).count != events.count
            || !events.allSatisfy(known.contains) {
            return "must be [\"*\"] or a non-empty list of distinct event types: " + EventType.allCases.map(\.rawValue).joined(separator: ", ")
        }
        return nil
    }

    /// 404 `WEBHOOK_NOT_FOUND`: unknown, or another account's.
    public static let notFound = MarketplaceError.notFound(code: "WEBHOOK_NOT_FOUND", detail: "You have no webhook endpoint with this id.")
}
