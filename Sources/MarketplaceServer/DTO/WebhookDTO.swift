import Marketplace

/// `POST /webhooks` `{url, events, description?}`.
struct CreateWebhookRequest: Decodable {
    let url: String?
    let events: [String]?
    let description: String?
}

/// `PATCH /webhooks/{id}` `{url?, events?, description?, enabled?}`.
struct UpdateWebhookRequest: Decodable {
    let url: String?
    let events: [String]?
    let description: String?
    let enabled: Bool?

    var change: WebhookEndpointChange { WebhookEndpointChange(url: url, events: events, description: description, enabled: enabled) }
}

/// Endpoints, attempts and feed entries as the API shows them (docs/API.md §7).
enum WebhookResponse {
    /// `{id, url, events, description, enabled, disabledReason, createdAt, updatedAt}` plus
    /// `secret` only in the creation's answer.
    static func write(_ endpoint: WebhookEndpoint, secret: Bool = false, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", endpoint.id)
        json.member("url", endpoint.url)
        json.key("events")
        json.beginArray()
        for event in endpoint.events { json.string(event) }
        json.endArray()
        json.member("description", endpoint.description)
        json.member("enabled", endpoint.enabled)
        json.member("disabledReason", endpoint.disabledReason)
        if secret { json.member("secret", endpoint.secret) }
        json.member("createdAt", time: endpoint.createdAt)
        json.member("updatedAt", time: endpoint.updatedAt)
        json.endObject()
    }

    static func body(_ endpoint: WebhookEndpoint, secret: Bool = false) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        write(endpoint, secret: secret, into: &json)
        return json.bytes
    }

    static func list(_ endpoints: [WebhookEndpoint]) -> [UInt8] {
        var json = JSONWriter(capacity: 512 * max(1, endpoints.count))
        json.beginObject()
        json.key("items")
        json.beginArray()
        for endpoint in endpoints { write(endpoint, into: &json) }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    static func attempts(_ page: Page<WebhookAttempt>) -> [UInt8] {
        PageResponse.body(page) { attempt, json in
            json.beginObject()
            json.member("id", attempt.id)
            json.member("deliveryId", attempt.deliveryID)
            json.member("eventId", attempt.eventID)
            json.member("eventType", attempt.eventType)
            json.member("attempt", attempt.attempt)
            // The attempt's own outcome: only an attempt that succeeded leaves its delivery
            // SUCCEEDED, so any other (a 500 with a retry scheduled included) FAILED; what the
            // delivery became after it (PENDING while retries remain) is `deliveryStatus`.
            json.member("status", attempt.status == .succeeded ? DeliveryStatus.succeeded.rawValue : DeliveryStatus.failed.rawValue)
            json.member("deliveryStatus", attempt.status.rawValue)
            json.key("responseStatus")
            if let status = attempt.responseStatus { json.int(status) } else { json.null() }
            json.member("error", attempt.error)
            json.member("durationMs", attempt.durationMs)
            json.member("createdAt", time: attempt.createdAt)
            json.key("nextAttemptAt")
            if let next = attempt.nextAttemptAt { json.string(RFC3339.milliseconds(next)) } else { json.null() }
            json.endObject()
        }
    }

    static func notification(_ entry: CustomerNotification, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", entry.id)
        json.member("eventId", entry.eventID)
        json.member("type", entry.type)
        json.member("orderId", entry.orderID)
        json.member("title", entry.title)
        json.member("body", entry.body)
        json.member("read", entry.read)
        json.member("createdAt", time: entry.createdAt)
        json.endObject()
    }

    static func notifications(_ page: Page<CustomerNotification>) -> [UInt8] {
        PageResponse.body(page) { entry, json in notification(entry, into: &json) }
    }

}
