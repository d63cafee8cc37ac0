/// Where webhook endpoints, their deliveries and the customers' feed live.
public protocol WebhookRepository: Sendable {
    /// Inserts the endpoint unless the owner already has `limit` in that realm (then nil).
    func create(_ endpoint: NewWebhookEndpoint, limit: Int) async throws -> WebhookEndpoint?
    /// The owner's endpoints in the realm, oldest first.
    func endpoints(of owner: UserID, realm: Role) async throws -> [WebhookEndpoint]
    /// One endpoint of the owner in the realm; nil for an unknown or another's.
    func endpoint(_ id: Int64, of owner: UserID, realm: Role) async throws -> WebhookEndpoint?
    /// Applies the change; nil when there is no such endpoint of the owner.
    func update(_ id: Int64, of owner: UserID, realm: Role, _ change: WebhookEndpointChange, at time: Double) async throws
        -> WebhookEndpoint?
    /// Deletes the endpoint and its deliveries; false when there is no such endpoint of the owner.
    func delete(_ id: Int64, of owner: UserID, realm: Role) async throws -> Bool
    /// A page of the endpoint's attempts, newest first.
    func attempts(of endpoint: Int64, page: PageRequest) async throws -> Page<WebhookAttempt>
    /// Makes the delivery of the attempt `attemptID` (of `endpoint`) due at `time` again;
    /// false when the endpoint has no such attempt.
    func retry(attempt attemptID: Int64, of endpoint: Int64, at time: Double) async throws -> Bool
    /// A page of the customer's feed, newest first (unread only when asked).
    func notifications(of customer: UserID, unreadOnly: Bool, page: PageRequest) async throws -> Page<CustomerNotification>
    /// Marks one feed entry read; nil when the customer has no such entry.
    func markRead(_ id: Int64, of customer: UserID, at time: Double) async throws -> CustomerNotification?
}
