public import Marketplace
import Synchronization

/// Webhook endpoints, deliveries, attempts and the customers' feed as `WebhookStore`
/// keeps them; one lock around all of it stands for each method's one transaction (so the
/// per-realm limit holds under parallel creates, as PostgreSQL's per-owner serialization
/// makes it hold there). The workers' side (`EventDispatch`: fan-out and attempts) is
/// not a domain port; `dispatch` and `record` below do what it does, so service tests can
/// put deliveries, attempts and feed entries where the service reads them.
public final class InMemoryWebhookRepository: WebhookRepository {
    /// One event's delivery to one endpoint.
    public struct Delivery: Sendable, Equatable {
        public let id: Int64
        public let endpointID: Int64
        public let eventID: String
        public let eventType: String
        public var status: DeliveryStatus
        public var attempts: Int
        public var nextAttemptAt: Double?
    }

    /// An attempt's result, as the delivery worker reports it.
    public enum AttemptResult: Sendable, Equatable {
        case succeeded
        case failed(status: Int?)
        /// 410: the endpoint is disabled and its pending deliveries stop.
        case gone
    }

    struct State: Sendable {
        var endpoints: [WebhookEndpoint] = []
        var deliveries: [Delivery] = []
        var attempts: [WebhookAttempt] = []
        var notifications: [CustomerNotification] = []
        /// Each feed entry's customer (the table's `customer_id`).
        var feedOwner: [Int64: UserID] = [:]
        var nextID: Int64 = 0
        mutating func id() -> Int64 { nextID += 1; return nextID }
    }

    let state = Mutex(State())

    public init() {}

    public func create(_ endpoint: NewWebhookEndpoint, limit: Int) async throws -> WebhookEndpoint? {
        state.withLock { state in
            guard state.endpoints.count(where: { $0.ownerID == endpoint.ownerID && $0.realm == endpoint.realm }) < limit else { return nil }
            let stored = WebhookEndpoint(id: state.id(), ownerID: endpoint.ownerID, realm: endpoint.realm, url: endpoint.url,
                                         events: endpoint.events, description: endpoint.description, enabled: true,
                                         disabledReason: nil, secret: endpoint.secret, createdAt: endpoint.createdAt,
                                         updatedAt: endpoint.createdAt)
            state.endpoints.append(stored)
            return stored
        }
    }

    public func endpoints(of owner: UserID, realm: Role) async throws -> [WebhookEndpoint] {
        state.withLock { $0.endpoints.filter { $0.ownerID == owner && $0.realm == realm } }
    }

    public func endpoint(_ id: Int64, of owner: UserID, realm: Role) async throws -> WebhookEndpoint? {
        state.withLock { $0.endpoints.first { $0.id == id && $0.ownerID == owner && $0.realm == realm } }
    }

    public func update(_ id: Int64, of owner: UserID, realm: Role, _ change: WebhookEndpointChange, at time: Double) async throws
        -> WebhookEndpoint? {
        state.withLock { state in
            guard let index = state.endpoints.firstIndex(where: { $0.id == id && $0.ownerID == owner && $0.realm == realm }) else {
                return nil
            }
            var endpoint = state.endpoints[index]
            endpoint.url = change.url ?? endpoint.url
            endpoint.events = change.events ?? endpoint.events
            endpoint.description = change.description ?? endpoint.description
            if let enabled = change.enabled {
                endpoint.enabled = enabled
                endpoint.disabledReason = nil
            }
            endpoint.updatedAt = time
            state.endpoints[index] = endpoint
            return endpoint
        }
    }

    public func delete(_ id: Int64, of owner: UserID, realm: Role) async throws -> Bool {
        state.withLock { state in
            guard state.endpoints.contains(where: { $0.id == id && $0.ownerID == owner && $0.realm == realm }) else { return false }
            state.endpoints.removeAll { $0.id == id }
            let gone = Set(state.deliveries.filter { $0.endpointID == id }.map(\.id))
            state.deliveries.removeAll { gone.contains($0.id) }
            state.attempts.removeAll { gone.contains($0.deliveryID) }
            return true
        }
    }

    public func attempts(of endpoint: Int64, page: PageRequest) async throws -> Page<WebhookAttempt> {
        state.withLock { state in
            let mine = Set(state.deliveries.filter { $0.endpointID == endpoint }.map(\.id))
            let matching = state.attempts.filter { mine.contains($0.deliveryID) }.sorted { $0.id > $1.id }
            return Page(items: Array(matching.dropFirst(page.offset).prefix(page.size)), request: page, totalItems: matching.count)
        }
    }

    public func retry(attempt attemptID: Int64, of endpoint: Int64, at time: Double) async throws -> Bool {
        state.withLock { state in
            guard let attempt = state.attempts.first(where: { $0.id == attemptID }),
                  let index = state.deliveries.firstIndex(where: { $0.id == attempt.deliveryID && $0.endpointID == endpoint }) else {
                return false
            }
            state.deliveries[index].status = .pending
            state.deliveries[index].nextAttemptAt = time
            return true
        }
    }

    public func notifications(of customer: UserID, unreadOnly: Bool, page: PageRequest) async throws -> Page<CustomerNotification> {
        state.withLock { state in
            let matching = state.notifications.filter { $0.read == false || !unreadOnly }.filter { entry in
                state.feedOwner[entry.id] == customer
            }.sorted { $0.id > $1.id }
            return Page(items: Array(matching.dropFirst(page.offset).prefix(page.size)), request: page, totalItems: matching.count)
        }
    }

    public func markRead(_ id: Int64, of customer: UserID, at time: Double) async throws -> CustomerNotification? {
        state.withLock { state in
            guard state.feedOwner[id] == customer, let index = state.notifications.firstIndex(where: { $0.id == id }) else { return nil }
            let entry = state.notifications[index]
            let read = CustomerNotification(id: entry.id, eventID: entry.eventID, type: entry.type, orderID: entry.orderID,
                                            title: entry.title, body: entry.body, read: true, createdAt: entry.createdAt)
            state.notifications[index] = read
            return read
        }
    }
}
