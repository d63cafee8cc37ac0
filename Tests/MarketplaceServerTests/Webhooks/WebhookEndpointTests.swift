import Foundation
import Marketplace
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Endpoint CRUD, validation and scoping by account; the feed's read marks (docs/API.md §7).
@Suite("Webhooks: endpoints and the feed")
struct WebhookEndpointTests {
    @Test("create shows the secret once; list, get, patch, delete; another account's endpoint is 404")
    func crud() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller(), other = try orders.seller("other@example.com")
            let created = try orders.auth.request("POST", "/api/v1/seller/webhooks", json: [
                "url": "https://hooks.example.com/marketplace", "events": ["order.created", "order.shipping"], "description": "ERP",
            ], token: seller)
            #expect(created.status == 201)
            let json = try created.json()
            let id = try #require(json["id"] as? Int)
            let secret = try #require(json["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && Base64.decode(String(secret.dropFirst(6)))?.count == 32)
            #expect(json["enabled"] as? Bool == true && json["events"] as? [String] == ["order.created", "order.shipping"])
            #expect(created.headers.contains { $0.0.lowercased() == "location" && $0.1 == "/api/v1/seller/webhooks/\(id)" })

            let fetched = try orders.get("/api/v1/seller/webhooks/\(id)", token: seller).json()
            #expect(fetched["secret"] == nil && fetched["url"] as? String == "https://hooks.example.com/marketplace")
            let list = try orders.get("/api/v1/seller/webhooks", token: seller).json()["items"] as? [[String: Any]]
            #expect(list?.count == 1 && list?.first?["secret"] == nil)
            for reply in [try orders.get("/api/v1/seller/webhooks/\(id)", token: other),
                          try orders.auth.request("PATCH", "/api/v1/seller/webhooks/\(id)", json: ["enabled": false], token: other),
                          try orders.auth.request("DELETE", "/api/v1/seller/webhooks/\(id)", token: other),
                          try orders.get("/api/v1/seller/webhooks/\(id)/deliveries", token: other),
                          try orders.get("/api/v1/seller/webhooks/nope", token: seller)] {
                expectProblem(reply, status: 404, code: "WEBHOOK_NOT_FOUND")
            }
            #expect((try orders.get("/api/v1/seller/webhooks", token: other).json()["items"] as? [Any])?.isEmpty == true)

            let patched = try orders.auth.request("PATCH", "/api/v1/seller/webhooks/\(id)",
                                                  json: ["events": ["*"], "enabled": false], token: seller).json()
            #expect(patched["events"] as? [String] == ["*"] && patched["enabled"] as? Bool == false && patched["secret"] == nil)
            let empty = try orders.get("/api/v1/seller/webhooks/\(id)/deliveries", token: seller).json()
            #expect(empty["totalItems"] as? Int == 0)
            #expect(try orders.auth.request("DELETE", "/api/v1/seller/webhooks/\(id)", token: seller).status == 204)
            expectProblem(try orders.get("/api/v1/seller/webhooks/\(id)", token: seller), status: 404, code: "WEBHOOK_NOT_FOUND")
            // The realm is the role's: a customer cannot use the seller's routes.
            let customer = try orders.customer()
            expectProblem(try orders.get("/api/v1/seller/webhooks", token: customer), status: 403, code: "FORBIDDEN_ROLE")
        }
    }

    @Test("validation: events, description (400); URL scheme, length, userinfo (422); at most 10 per account (409)")
    func validation() async throws {
        try await OrdersHarness.run { orders in
            let customer = try orders.customer()
            func create(_ body: [String: Any]) throws -> TestClient.Reply {
                try orders.auth.request("POST", "/api/v1/customer/webhooks", json: body, token: customer)
            }
            let url = "http://127.0.0.1:9/hook"
            for events: [Any] in [[], ["order.unknown"], ["*", "order.paid"], ["order.paid", "order.paid"]] {
                #expect(try create(["url": url, "events": events]).fields == ["events"])
            }
            #expect(try create(["url": url]).fields == ["events"])
            #expect(try create(["url": url, "events": ["*"], "description": String(repeating: "x", count: 201)]).fields == ["description"])
            #expect(try create(["url": url, "events": ["*"], "description": "x\u{0}y"]).fields == ["description"])
            for bad in ["ftp://example.com/x", "http://user:pw@example.com/x", "not a url", "http://example.com/" + String(repeating: "a", count: 2050)] {
                expectProblem(try create(["url": bad, "events": ["*"]]), status: 422, code: "WEBHOOK_URL_NOT_ALLOWED")
            }
            for _ in 0..<10 { #expect(try create(["url": url, "events": ["*"]]).status == 201) }
            expectProblem(try create(["url": url, "events": ["*"]]), status: 409, code: "WEBHOOK_LIMIT_REACHED")
        }
    }

    @Test("the feed: one entry per change of the customer's orders, unread filter, mark read; others' entries are 404")
    func feed() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller(), alice = try orders.customer("alice@example.com"), bob = try orders.customer("bob@example.com")
            let product = try orders.product("Thing", token: seller)
            let orderID = try #require(try orders.placed([(product, 1)], token: alice)["id"] as? String)
            #expect(try orders.auth.request("POST", "/api/v1/customer/orders/\(orderID)/cancel", json: ["reason": "no"], token: alice).status == 200)
            let entries = try await WebhookDeliveryTests.eventually {
                let items = try orders.get("/api/v1/customer/notifications", token: alice).json()["items"] as? [[String: Any]] ?? []
                return items.count == 2 ? items : []
            }
            #expect(entries.map { $0["type"] as? String } == ["order.canceled", "order.created"])
            #expect(entries.allSatisfy { $0["orderId"] as? String == orderID && $0["read"] as? Bool == false && $0["eventId"] is String })
            let first = try #require(entries.first?["id"] as? Int)
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/notifications/\(first)/read", token: bob),
                          status: 404, code: "NOTIFICATION_NOT_FOUND")
            let read = try orders.auth.request("POST", "/api/v1/customer/notifications/\(first)/read", token: alice)
            let readJSON = try read.json()
            #expect(read.status == 200 && readJSON["read"] as? Bool == true)
            let unread = try orders.get("/api/v1/customer/notifications?unread=true", token: alice).json()
            #expect(unread["totalItems"] as? Int == 1)
            expectProblem(try orders.get("/api/v1/customer/notifications?unread=maybe", token: alice), status: 400, code: "INVALID_PARAMETER")
            #expect(try orders.get("/api/v1/customer/notifications", token: bob).json()["totalItems"] as? Int == 0)
        }
    }

    @Test("the outbox: each change's event is written in its own transaction, payload = the order JSON of that moment")
    func outboxRows() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller(), customer = try orders.customer(), admin = try await orders.auth.adminToken()
            let product = try orders.product("Thing", token: seller)
            let orderID = try #require(try orders.placed([(product, 2)], token: customer)["id"] as? String)
            #expect(try orders.auth.request("POST", "/api/v1/customer/orders/\(orderID)/cancel",
                                            json: ["reason": "one less", "items": [["productId": product, "quantity": 1]]], token: customer).status == 200)
            try await orders.force(orderID, status: "PAID")
            #expect(try orders.auth.request("POST", "/api/v1/admin/orders/\(orderID)/status",
                                            json: ["status": "SHIPPING", "trackingNumber": "T-1"], token: admin).status == 200)
            let rows = try await orders.server.application.database.read { connection in
                try connection.query("SELECT type, payload FROM events WHERE order_id = ? ORDER BY seq", orderID).map {
                    (try $0.string(0), try $0.blob(1))
                }
            }
            #expect(rows.map(\.0) == ["order.created", "order.partially_canceled", "order.shipping"])
            let payload = try #require(rows.last?.1)
            let last = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
            #expect(last["status"] as? String == "SHIPPING" && last["trackingNumber"] as? String == "T-1")
        }
    }
}

/// A placement whose checkout cannot be prepared is discarded: its `order.created`, once out,
/// is followed by `order.canceled`, so no consumer keeps an order that does not exist.
@Suite("Webhooks: discarded placements")
struct WebhookDiscardTests {
    @Test("prepare times out → 503, order discarded; consumers got order.created then order.canceled")
    func discarded() async throws {
        let consumer = try WebhookConsumer()
        try await OrdersHarness.run(configure: { $0.payments.gatewayTimeout = 1 }) { orders in
            let seller = try orders.seller(), customer = try orders.customer(), admin = try await orders.auth.adminToken()
            try WebhookDeliveryTests.register("admin", realm: "admin", consumer: consumer, token: admin, orders: orders)
            let product = try orders.product("Thing", stock: 3, token: seller)
            let fault = try orders.server.request("POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                                                  body: #"{"provider":"KAKAOPAY","operation":"ready","mode":"timeout","count":1}"#)
            #expect(fault.status == 200)
            expectProblem(try orders.order([(product, 1)], provider: "KAKAOPAY", token: customer), status: 503,
                          code: "PAYMENT_PROVIDER_UNAVAILABLE")
            let records = try await consumer.wait { $0.count >= 2 }
            #expect(records.map(\.type) == ["order.created", "order.canceled"])
            #expect(records.allSatisfy { $0.verified } && Set(records.map(\.orderID)).count == 1)
            #expect(records.last?.json["payment"].flatMap { ($0 as? [String: Any])?["status"] as? String } == "ABORTED")
            expectProblem(try orders.get("/api/v1/admin/orders/\(records[0].orderID)", token: admin), status: 404, code: "ORDER_NOT_FOUND")
            #expect(try orders.stock(product, seller: seller) == 3)
        }
    }
}
