/// A URL that receives signed events (docs/API.md §7), owned by one account in one realm.
public struct WebhookEndpoint: Sendable, Equatable {
    public let id: Int64
    public let ownerID: UserID
    /// The realm it was registered in: decides which events it may see.
    public let realm: Role
    public var url: String
    /// Listed event types, or `["*"]` for all.
    public var events: [String]
    public var description: String?
    public var enabled: Bool
    /// Why the server disabled it (a 410 answer), if it did.
    public var disabledReason: String?
    /// `whsec_` + base64 of 32 random bytes; shown once, at creation.
    public let secret: String
    public let createdAt: Double
    public var updatedAt: Double

    /// Creates an endpoint value.
    public init(id: Int64, ownerID: UserID, realm: Role, url: String, events: [String], description: String?, enabled: Bool,
                disabledReason: String?, secret: String, createdAt: Double, updatedAt: Double) {
        self.id = id
        self.ownerID = ownerID
        self.realm = realm
        self.url = url
        self.events = events
        self.description = description
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.secret = secret
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A new endpoint, validated, with its fresh secret.
public struct NewWebhookEndpoint: Sendable {
    public let ownerID: UserID
    public let realm: Role
    public let url: String
    public let events: [String]
    public let description: String?
    public let secret: String
    public let createdAt: Double

    /// Creates a draft.
    public init(ownerID: UserID, realm: Role, url: String, events: [String], description: String?, secret: String,
                createdAt: Double) {
        self.ownerID = ownerID
        self.realm = realm
        self.url = url
        self.events = events
        self.description = description
        self.secret = secret
        self.createdAt = createdAt
    }
}

/// A change to an endpoint: nil fields stay as they are.
public struct WebhookEndpointChange: Sendable {
    public var url: String?
    public var events: [String]?
    public var description: String?
    public var enabled: Bool?

    /// Creates a change.
    public init(url: String? = nil, events: [String]? = nil, description: String? = nil, enabled: Bool? = nil) {
        self.url = url
        self.events = events
        self.description = description
        self.enabled = enabled
    }
}

/// The state of one event's delivery to one endpoint after an attempt.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    /// Not delivered yet; another attempt is due at `nextAttemptAt`.
    case pending = "PENDING"
    case succeeded = "SUCCEEDED"
    /// Given up: the schedule is exhausted, or the endpoint was disabled.
    case failed = "FAILED"
}

/// One delivery attempt as `GET /{id}/deliveries` lists it.
public struct WebhookAttempt: Sendable, Equatable {
    /// The attempt's id (`POST …/deliveries/{id}/retry` takes it).
    public let id: Int64
    /// The delivery (event × endpoint) the attempt belongs to.
    public let deliveryID: Int64
    public let eventID: String
    public let eventType: String
    /// 1 for the first attempt of the delivery.
    public let attempt: Int
    /// The delivery's status right after this attempt.
    public let status: DeliveryStatus
    public let responseStatus: Int?
    public let error: String?
    public let durationMs: Int
    public let createdAt: Double
    public let nextAttemptAt: Double?

    /// Creates an attempt value.
    public init(id: Int64, deliveryID: Int64, eventID: String, eventType: String, attempt: Int, status: DeliveryStatus,
                responseStatus: Int?, error: String?, durationMs: Int, createdAt: Double, nextAttemptAt: Double?) {
        self.id = id
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.eventType = eventType
        self.attempt = attempt
        self.status = status
        self.responseStatus = responseStatus
        self.error = error
        self.durationMs = durationMs
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
    }
}

/// An entry of a customer's in-app feed: one per event of one of its orders.
public struct CustomerNotification: Sendable, Equatable {
    public let id: Int64
    public let eventID: String
    public let type: String
    public let orderID: String
    public let title: String
    public let body: String
    public let read: Bool
    public let createdAt: Double

    /// Creates a feed entry.
    public init(id: Int64, eventID: String, type: String, orderID: String, title: String, body: String, read: Bool,
                createdAt: Double) {
        self.id = id
        self.eventID = eventID
        self.type = type
        self.orderID = orderID
        self.title = title
        self.body = body
        self.read = read
        self.createdAt = createdAt
    }
}
