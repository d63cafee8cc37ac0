import Marketplace
import HTTPServer

/// `/api/v1/{seller|customer|admin}/webhooks…` (docs/API.md §7): the same endpoints in each realm;
/// another account's endpoint is 404 for every verb.
enum WebhookRoutes {
    static let tag = "webhooks"
    static let bodyLimit = 8 * 1024
    static let maxPageSize = 100

    static func register(on router: inout Router, webhooks: WebhookService) {
        for realm in [Role.seller, .customer, .admin] { register(realm, on: &router, webhooks: webhooks) }
    }

    private static func register(_ realm: Role, on router: inout Router, webhooks: WebhookService) {
        let base = "/api/v1/\(realm.rawValue.lowercased())/webhooks"
        let scope = switch realm {
        case .customer: "events of the caller's own orders"
        case .seller: "events of orders holding the caller's products, with only the caller's lines in data.order"
        case .admin: "events of every order"
        }
        router.add(.post, base, bodyLimit: bodyLimit, access: .role(realm), doc: OperationDoc(
            "Register a webhook endpoint; it receives \(scope). The secret is shown in this answer only", tag: tag,
            body: ("application/json", .ref("CreateWebhookRequest")), replies: [
                .json(201, "the endpoint with its secret (whsec_ + base64 of 32 random bytes), shown once", .ref("WebhookEndpointCreated")),
                .problem(400, "INVALID_REQUEST: events not [\"*\"] or a non-empty list of known types; description over 200"),
                .problem(409, "WEBHOOK_LIMIT_REACHED: the account has 10 endpoints in this realm"),
                .problem(422, "WEBHOOK_URL_NOT_ALLOWED: not http(s), over 2048 characters, userinfo, or (webhooks.allowPrivateNetworks "
                    + "off) a host that is or resolves to a loopback, private, link-local, CGNAT, unique-local, mapped or unspecified address"),
            ])) { request, principal in
            let body = try request.decodeJSON(CreateWebhookRequest.self)
            let endpoint = try await webhooks.create(url: body.url, events: body.events, description: body.description, realm: realm,
                                                     by: principal)
            var response = Response.json(WebhookResponse.body(endpoint, secret: true), status: 201).noStore()
            response.headers.add("Location", "\(base)/\(endpoint.id)")
            return response
        }

        router.add(.get, base, access: .role(realm), doc: OperationDoc(
            "The caller's webhook endpoints (secrets are never shown again)", tag: tag, replies: [
                .json(200, "the endpoints, oldest first", .ref("WebhookEndpointList")),
            ])) { _, principal in
            Response.json(WebhookResponse.list(try await webhooks.list(realm: realm, by: principal))).noStore()
        }

        router.add(.get, "\(base)/{id}", access: .role(realm), doc: OperationDoc(
            "One of the caller's webhook endpoints", tag: tag, replies: [
                .json(200, "the endpoint", .ref("WebhookEndpoint")), .problem(404, "WEBHOOK_NOT_FOUND"),
            ])) { request, principal in
            Response.json(WebhookResponse.body(try await webhooks.endpoint(request.parameters["id"] ?? "", realm: realm,
                                                                            by: principal))).noStore()
        }

        router.add(.patch, "\(base)/{id}", bodyLimit: bodyLimit, access: .role(realm), doc: OperationDoc(
            "Change an endpoint's url, events, description or enabled (enabling clears disabledReason)", tag: tag,
            body: ("application/json", .ref("UpdateWebhookRequest")), replies: [
                .json(200, "the endpoint", .ref("WebhookEndpoint")), .problem(400, "INVALID_REQUEST"),
                .problem(404, "WEBHOOK_NOT_FOUND"), .problem(422, "WEBHOOK_URL_NOT_ALLOWED"),
            ])) { request, principal in
            let body = try request.decodeJSON(UpdateWebhookRequest.self)
            let endpoint = try await webhooks.update(request.parameters["id"] ?? "", body.change, realm: realm, by: principal)
            return Response.json(WebhookResponse.body(endpoint)).noStore()
        }

        router.add(.delete, "\(base)/{id}", access: .role(realm), doc: OperationDoc(
            "Delete an endpoint and its deliveries", tag: tag, replies: [
                .init(status: 204, description: "deleted", contentType: nil), .problem(404, "WEBHOOK_NOT_FOUND"),
            ])) { request, principal in
            try await webhooks.delete(request.parameters["id"] ?? "", realm: realm, by: principal)
            return Response(status: 204)
        }

        router.add(.get, "\(base)/{id}/deliveries", access: .role(realm), doc: OperationDoc(
            "The endpoint's delivery attempts, newest first", tag: tag, query: OperationDoc.paging(maxSize: maxPageSize), replies: [
                .json(200, "a page of attempts", .ref("WebhookAttemptPage")), .problem(404, "WEBHOOK_NOT_FOUND"),
                .problem(400, "INVALID_PARAMETER: page or size out of range"),
            ])) { request, principal in
            let page = try await webhooks.attempts(request.parameters["id"] ?? "", page: try request.pageRequest(maxSize: maxPageSize),
                                                   realm: realm, by: principal)
            return Response.json(WebhookResponse.attempts(page)).noStore()
        }

        router.add(.post, "\(base)/{id}/deliveries/{deliveryId}/retry", access: .role(realm), doc: OperationDoc(
            "Retry by hand: {deliveryId} is an attempt's id as listed; its delivery (event × endpoint) gets a new attempt due now", tag: tag,
            replies: [
                .init(status: 202, description: "the new attempt is due now; it appears in the list once made", contentType: nil),
                .problem(404, "WEBHOOK_NOT_FOUND, DELIVERY_NOT_FOUND"),
            ])) { request, principal in
            try await webhooks.retry(request.parameters["id"] ?? "", attempt: request.parameters["deliveryId"] ?? "", realm: realm,
                                     by: principal)
            return Response(status: 202)
        }
    }
}

/// `/api/v1/customer/notifications…` (docs/API.md §7): the customer's in-app feed; and
/// `/api/v1/seller/notifications…` (§10), the same shape: a seller's new paid orders and cancels.
enum NotificationRoutes {
    static func register(on router: inout Router, webhooks: WebhookService) {
        for (realm, role, what) in [("customer", Role.customer, "one entry per change of its orders"),
                                    ("seller", Role.seller, "new paid orders holding its products and cancels of its lines")] {
            router.add(.get, "/api/v1/\(realm)/notifications", access: .role(role), doc: OperationDoc(
                "The caller's feed, newest first: \(what)", tag: "notifications",
                query: OperationDoc.paging(maxSize: 100) + [OperationDoc.Parameter(
                    name: "unread", schema: .boolean, description: "true: unread entries only")], replies: [
                    .json(200, "a page of feed entries", .ref("NotificationPage")),
                    .problem(400, "INVALID_PARAMETER: page, size or unread (true|false) out of range"),
                ])) { request, principal in
                let unread: Bool
                switch request.query("unread") {
                case nil, "", "false": unread = false
                case "true": unread = true
                default: throw HTTPError.invalidParameter("unread", "must be true or false")
                }
                let page = try await webhooks.feed(unreadOnly: unread, page: try request.pageRequest(maxSize: 100), by: principal)
                return Response.json(WebhookResponse.notifications(page)).noStore()
            }

            router.add(.post, "/api/v1/\(realm)/notifications/{id}/read", access: .role(role), doc: OperationDoc(
                "Mark a feed entry read (again: no change)", tag: "notifications", replies: [
                    .json(200, "the entry, read", .ref("Notification")), .problem(404, "NOTIFICATION_NOT_FOUND"),
                ])) { request, principal in
                let entry = try await webhooks.markRead(request.parameters["id"] ?? "", by: principal)
                var json = JSONWriter(capacity: 512)
                WebhookResponse.notification(entry, into: &json)
                return Response.json(json.bytes).noStore()
            }
        }
    }
}
