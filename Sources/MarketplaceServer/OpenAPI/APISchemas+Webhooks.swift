import Marketplace

/// Component schemas of webhooks, their deliveries, the events they carry and the feed (docs/API.md §7).
extension APISchemas {
    static let eventTypes = EventType.allCases.map(\.rawValue)
    /// `["*"]` (every event), or distinct event types.
    static let eventList = Schema.anyOf([
        .array(.string(values: ["*"]), minItems: 1, maxItems: 1),
        .array(.string(values: eventTypes), minItems: 1, maxItems: eventTypes.count, uniqueItems: true),
    ], description: "[\"*\"] for every event, or a non-empty list of distinct event types")
    static let webhookURL = Schema.string(format: "uri", minLength: 1, maxLength: 2048,
                                          description: "http or https, no userinfo; see webhooks.allowPrivateNetworks")

    static let endpointProperties: [(String, Schema)] = [
        ("id", .integer(minimum: 1)), ("url", webhookURL), ("events", eventList),
        ("description", .nullable(.string(maxLength: 200))), ("enabled", .boolean),
        ("disabledReason", .nullable(.string(description: "why the server disabled it (a 410 answer)"))),
        ("createdAt", time), ("updatedAt", time),
    ]
    static let endpointRequired = ["id", "url", "events", "description", "enabled", "disabledReason", "createdAt", "updatedAt"]

    static func webhookEvent(order: String) -> Schema {
        .object([
            ("id", .string(pattern: "^evt_[A-Za-z0-9]+$", description: "the webhook-id header; the dedupe key (at-least-once)")),
            ("type", .string(values: eventTypes)), ("createdAt", time),
            ("data", .object([("order", .ref(order))], required: ["order"])),
        ], required: ["id", "type", "createdAt", "data"])
    }

    static var webhooks: [(String, Schema)] {
        [
            // null is read as absent in both (the description stays unset, a field stays as it is).
            ("CreateWebhookRequest", .object([
                ("url", webhookURL), ("events", eventList), ("description", .nullable(.string(maxLength: 200, pattern: noControlPattern))),
            ], required: ["url", "events"])),
            ("UpdateWebhookRequest", .object([
                ("url", .nullable(webhookURL)), ("events", .nullable(eventList)),
                ("description", .nullable(.string(maxLength: 200, pattern: noControlPattern))), ("enabled", .nullable(.boolean)),
            ])),
            ("WebhookEndpoint", .object(endpointProperties, required: endpointRequired)),
            ("WebhookEndpointCreated", .object(endpointProperties + [
                ("secret", .string(pattern: "^whsec_[A-Za-z0-9+/]+={0,2}$",
                                   description: "Standard Webhooks signing secret; the key is the base64-decoded part after whsec_")),
            ], required: endpointRequired + ["secret"])),
            ("WebhookEndpointList", .object([("items", .array(.ref("WebhookEndpoint")))], required: ["items"])),
            ("WebhookAttempt", .object([
                ("id", .integer(minimum: 1, description: "the attempt; POST …/deliveries/{id}/retry takes it")),
                ("deliveryId", .integer(minimum: 1, description: "the event × endpoint delivery it belongs to")),
                ("eventId", .string()), ("eventType", .string(values: eventTypes)),
                ("attempt", .integer(minimum: 1)),
                ("status", .string(values: [DeliveryStatus.succeeded.rawValue, DeliveryStatus.failed.rawValue],
                                   description: "what happened to this attempt: SUCCEEDED (a 2xx) or FAILED (any other answer or none)")),
                ("deliveryStatus", .string(values: DeliveryStatus.allCases.map(\.rawValue),
                                           description: "the delivery after this attempt: PENDING (retried at nextAttemptAt), SUCCEEDED, FAILED")),
                ("responseStatus", .nullable(.integer(minimum: 100, maximum: 599))), ("error", .nullable(.string())),
                ("durationMs", .integer(minimum: 0)), ("createdAt", time), ("nextAttemptAt", .nullable(time)),
            ], required: ["id", "deliveryId", "eventId", "eventType", "attempt", "status", "deliveryStatus", "responseStatus", "error", "durationMs",
                          "createdAt", "nextAttemptAt"])),
            ("WebhookAttemptPage", .page(of: .ref("WebhookAttempt"))),
            ("WebhookEvent", webhookEvent(order: "Order")),
            ("SellerWebhookEvent", webhookEvent(order: "SellerOrder")),
            ("Notification", .object([
                ("id", .integer(minimum: 1)), ("eventId", .string()), ("type", .string(values: eventTypes)), ("orderId", orderID),
                ("title", .string()), ("body", .string()), ("read", .boolean), ("createdAt", time),
            ], required: ["id", "eventId", "type", "orderId", "title", "body", "read", "createdAt"])),
            ("NotificationPage", .page(of: .ref("Notification"))),
        ]
    }
}
