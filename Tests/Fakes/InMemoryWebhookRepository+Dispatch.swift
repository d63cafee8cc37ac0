public import Marketplace
import Synchronization

/// The workers' side of `EventDispatch`, for service tests: the fan-out of one event
/// and the recording of one attempt, with the same matching, schedule and 410 rules.
extension InMemoryWebhookRepository {
    /// Fans out one event in one step: a PENDING delivery per matching enabled endpoint
    /// (admin endpoints: all orders; customer endpoints: their own; seller endpoints: orders
    /// holding their lines), at most one per (event, endpoint), and the customer's feed entry.
    /// Returns the deliveries created.
    @discardableResult
    public func dispatch(event eventID: String, type: EventType, order orderID: String, customer: UserID, sellers: Set<UserID>,
                         at time: Double) -> [Delivery] {
        state.withLock { state in
            var created: [Delivery] = []
            for endpoint in state.endpoints where endpoint.enabled && (endpoint.events == ["*"] || endpoint.events.contains(type.rawValue)) {
                let concerned = switch endpoint.realm {
                case .admin: true
                case .customer: endpoint.ownerID == customer
                case .seller: sellers.contains(endpoint.ownerID)
                }
                guard concerned, !state.deliveries.contains(where: { $0.eventID == eventID && $0.endpointID == endpoint.id }) else {
                    continue
                }
                let delivery = Delivery(id: state.id(), endpointID: endpoint.id, eventID: eventID, eventType: type.rawValue,
                                        status: .pending, attempts: 0, nextAttemptAt: time)
                state.deliveries.append(delivery)
                created.append(delivery)
            }
            if !state.notifications.contains(where: { $0.eventID == eventID && state.feedOwner[$0.id] == customer }) {
                let id = state.id()
                state.notifications.append(CustomerNotification(id: id, eventID: eventID, type: type.rawValue, orderID: orderID,
                                                                title: type.title(order: orderID), body: type.body(order: orderID),
                                                                read: false, createdAt: time))
                state.feedOwner[id] = customer
            }
            return created
        }
    }

    /// Records an attempt of a delivery and decides what follows: SUCCEEDED; PENDING again
    /// after `schedule[attempt - 1]` seconds; FAILED after the schedule's last delay; for 410
    /// the endpoint disabled (with its reason) and all its other PENDING deliveries FAILED.
    /// Returns the attempt, nil when the delivery is gone (its endpoint was deleted).
    @discardableResult
    public func record(_ result: AttemptResult, of deliveryID: Int64, schedule: [Int], at time: Double) -> WebhookAttempt? {
        state.withLock { state in
            guard let index = state.deliveries.firstIndex(where: { $0.id == deliveryID }) else { return nil }
            var delivery = state.deliveries[index]
            let attempt = delivery.attempts + 1
            var status = DeliveryStatus.failed, next: Double?, responseStatus: Int?
            switch result {
            case .succeeded:
                status = .succeeded
                responseStatus = 204
            case .failed(let answered):
                responseStatus = answered
                if attempt - 1 < schedule.count {
                    status = .pending
                    next = time + Double(schedule[attempt - 1])
                }
            case .gone:
                responseStatus = 410
                if let endpoint = state.endpoints.firstIndex(where: { $0.id == delivery.endpointID }) {
                    state.endpoints[endpoint].enabled = false
                    state.endpoints[endpoint].disabledReason = "the endpoint answered 410 Gone"
                    state.endpoints[endpoint].updatedAt = time
                }
                for other in state.deliveries.indices
                where state.deliveries[other].endpointID == delivery.endpointID && state.deliveries[other].status == .pending
                    && state.deliveries[other].id != deliveryID {
                    state.deliveries[other].status = .failed
                    state.deliveries[other].nextAttemptAt = nil
                }
            }
            delivery.status = status
            delivery.attempts = attempt
            delivery.nextAttemptAt = next
            state.deliveries[index] = delivery
            let recorded = WebhookAttempt(id: state.id(), deliveryID: deliveryID, eventID: delivery.eventID,
                                          eventType: delivery.eventType, attempt: attempt, status: status,
                                          responseStatus: responseStatus, error: result == .succeeded ? nil : "answered \(responseStatus ?? 0)",
                                          durationMs: 1, createdAt: time, nextAttemptAt: next)
            state.attempts.append(recorded)
            return recorded
        }
    }

    /// Every delivery, oldest first.
    public var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// Deliveries the worker could claim at `time`: PENDING, due, to an enabled endpoint.
    public func due(at time: Double) -> [Delivery] {
        state.withLock { state in
            let enabled = Set(state.endpoints.filter(\.enabled).map(\.id))
            return state.deliveries.filter { $0.status == .pending && ($0.nextAttemptAt ?? .infinity) <= time && enabled.contains($0.endpointID) }
        }
    }
}
