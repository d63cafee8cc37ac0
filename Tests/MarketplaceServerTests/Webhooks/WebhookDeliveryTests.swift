import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Black-box: a real server, a real consumer on loopback that verifies every delivery with
/// the PyPI `standardwebhooks` package (docs/API.md §7, issue #8).
@Suite("Webhooks: signed deliveries to a standardwebhooks consumer", .serialized)
struct WebhookDeliveryTests {
    static func configure(_ config: inout AppConfig) {
        config.webhooks.retrySchedule = [1, 2, 3]
        config.webhooks.timeout = 3
    }

    /// Registers endpoint `name` of the consumer in `realm` and hands the secret to the consumer.
    @discardableResult
    static func register(_ name: String, realm: String, events: [String] = ["*"], consumer: WebhookConsumer, token: String,
                         orders: OrdersHarness) throws -> [String: Any] {
        let reply = try orders.auth.request("POST", "/api/v1/\(realm)/webhooks", json: ["url": consumer.url(name), "events": events],
                                            token: token)
        guard reply.status == 201 else { throw AuthHarness.Failure.unexpected("webhook \(reply.status): \(reply.text)") }
        let json = try reply.json()
        try consumer.secret(try #require(json["secret"] as? String), for: name)
        return json
    }

    @Test("a full order life arrives complete and verified; sellers see only their lines, customers only their orders")
    func fullLife() async throws {
        let consumer = try WebhookConsumer()
        try await OrdersHarness.run(configure: Self.configure) { orders in
            let sellerA = try orders.seller("a@example.com"), sellerB = try orders.seller("b@example.com")
            let alice = try orders.customer("alice@example.com"), bob = try orders.customer("bob@example.com")
            let admin = try await orders.auth.adminToken()
            try Self.register("admin", realm: "admin", consumer: consumer, token: admin, orders: orders)
            try Self.register("alice", realm: "customer", consumer: consumer, token: alice, orders: orders)
            try Self.register("sellerA", realm: "seller", consumer: consumer, token: sellerA, orders: orders)
            try Self.register("shipments", realm: "admin", events: ["order.shipping"], consumer: consumer, token: admin, orders: orders)
            let apple = try orders.product("Apple", price: 1000, stock: 10, token: sellerA)
            let pear = try orders.product("Pear", price: 3000, stock: 10, token: sellerB)

            let life = try orders.placed([(apple, 1), (pear, 2)], token: alice)
            let lifeID = try #require(life["id"] as? String)
            let sellerAID = try #require((life["items"] as? [[String: Any]])?.first?["sellerId"] as? Int)
            try Self.pay(life, orders: orders, token: alice)
            // An admin's partial refund of the paid order: payment.refunded.
            let paymentID = try #require((life["payment"] as? [String: Any])?["id"] as? String)
            let refund = try orders.auth.request("POST", "/api/v1/admin/payments/\(paymentID)/cancel",
                                                 json: ["amount": 100, "reason": "goodwill"], token: admin)
            #expect(refund.status == 200, "\(refund.text)")
            for body in [["status": "SHIPPING", "trackingNumber": "TRK-1"], ["status": "DELIVERED"]] {
                let moved = try orders.auth.request("POST", "/api/v1/admin/orders/\(lifeID)/status", json: body, token: admin)
                #expect(moved.status == 200)
            }
            let canceled = try orders.placed([(pear, 1)], token: alice)
            let canceledID = try #require(canceled["id"] as? String)
            try Self.pay(canceled, orders: orders, token: alice)   // then canceled by the customer: a refund at the gateway
            #expect(try orders.auth.request("POST", "/api/v1/customer/orders/\(canceledID)/cancel", json: ["reason": "changed my mind"],
                                            token: alice).status == 200)
            let bobsID = try #require(try orders.placed([(apple, 1)], token: bob)["id"] as? String)

            let records = try await consumer.wait { records in
                records.filter { $0.name == "admin" }.count >= 10 && records.contains { $0.name == "shipments" }
                    && records.filter { $0.name == "alice" }.count >= 9 && records.filter { $0.name == "sellerA" }.count >= 6
            }
            #expect(records.allSatisfy { $0.verified })
            func events(_ name: String) -> [String] { records.filter { $0.name == name }.map { "\($0.type) \($0.orderID)" }.sorted() }
            // The customer's cancel of a paid order refunds it: payment.refunded, as an admin refund.
            let alices = ["order.canceled \(canceledID)", "order.created \(canceledID)", "order.paid \(canceledID)",
                          "payment.refunded \(canceledID)",
                          "order.created \(lifeID)", "order.paid \(lifeID)", "payment.refunded \(lifeID)",
                          "order.shipping \(lifeID)", "order.delivered \(lifeID)"]
            #expect(events("admin") == (alices + ["order.created \(bobsID)"]).sorted())
            #expect(events("alice") == alices.sorted())
            #expect(events("sellerA") == ["order.created \(bobsID)", "order.created \(lifeID)", "order.paid \(lifeID)",
                                          "payment.refunded \(lifeID)", "order.delivered \(lifeID)", "order.shipping \(lifeID)"].sorted())
            // Each event carries the order as it was at that change.
            let paidEvent = records.first { $0.name == "admin" && $0.type == "order.paid" && $0.orderID == lifeID }
            #expect((paidEvent?.json["payment"] as? [String: Any])?["status"] as? String == "DONE")
            #expect(events("shipments") == ["order.shipping \(lifeID)"])
            // The seller's payload: its lines only, amounts over them, of the payment only its status.
            for record in records where record.name == "sellerA" {
                #expect(record.sellers == [sellerAID])
                if record.orderID == lifeID { #expect(record.json["totalAmount"] as? Int == 1000) }
                #expect((record.json["payment"] as? [String: Any])?.keys.sorted() == ["status"])
            }
            #expect(records.filter { $0.name == "admin" && $0.orderID == lifeID }.allSatisfy { $0.sellers.count == 2 })
            #expect(records.filter { $0.name == "alice" }.allSatisfy { $0.orderID != bobsID })
            // webhook-id is the event id, the same for every endpoint.
            #expect(records.allSatisfy { $0.json["webhookId"] as? String == $0.id })
            let shippingIDs = Set(records.filter { $0.type == "order.shipping" }.map(\.id))
            #expect(shippingIDs.count == 1)

            // The attempts are listed; the customer's feed and mail have one entry per change.
            let items = try await Self.eventually {   // recorded once the consumer's answer is in
                let page = try orders.get("/api/v1/admin/webhooks/1/deliveries?size=100", token: admin).json()
                return (page["items"] as? [[String: Any]] ?? []).count == 10 ? page["items"] as? [[String: Any]] ?? [] : []
            }
            #expect(items.count == 10)
            #expect(items.allSatisfy { $0["status"] as? String == "SUCCEEDED" && $0["responseStatus"] as? Int == 200 && $0["attempt"] as? Int == 1 })
            let feed = try orders.get("/api/v1/customer/notifications", token: alice).json()
            #expect(feed["totalItems"] as? Int == 9)
            let mails = try await Self.eventually { try orders.auth.mails(to: "alice@example.com").filter { $0.contains("Subject: ") && $0.contains("ord_") }.count == 9 ? try orders.auth.mails(to: "alice@example.com").filter { $0.contains("Subject: ") && $0.contains("ord_") } : [] }
            #expect(mails.count == 9)
            // Korean, the default locale; the subject is RFC 2047-encoded, the decoded body says it.
            #expect(mails.contains { $0.contains(lifeID) && $0.contains("주문하신 상품이 발송되었습니다.") })
            let metrics = try orders.get("/metrics", token: admin).text
            #expect(metrics.contains("webhook_deliveries{status=\"SUCCEEDED\"} 26"), "\(metrics.suffix(300))")
        }
    }

    @Test("a consumer failing 3 times gets the event on the 4th attempt, after growing delays; each attempt is listed")
    func retries() async throws {
        let consumer = try WebhookConsumer()
        try await OrdersHarness.run(configure: Self.configure) { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            let hook = try Self.register("fail3", realm: "customer", consumer: consumer, token: customer, orders: orders)
            let product = try orders.product("Thing", token: seller)
            let orderID = try #require(try orders.placed([(product, 1)], token: customer)["id"] as? String)
            let records = try await consumer.wait(timeout: 30) { $0.filter { $0.status == 200 }.count == 1 }
            #expect(records.map(\.status) == [500, 500, 500, 200])
            #expect(records.allSatisfy { $0.verified && $0.orderID == orderID && $0.type == "order.created" })
            #expect(Set(records.map(\.id)).count == 1)
            let gaps = zip(records.dropFirst(), records).map { $0.at - $1.at }
            #expect(gaps[0] >= 0.9 && gaps[1] >= 1.9 && gaps[2] >= 2.9)
            #expect(gaps[0] < gaps[1] && gaps[1] < gaps[2])
            let id = try #require(hook["id"] as? Int)
            let listed = try await Self.eventually {
                let items = try orders.get("/api/v1/customer/webhooks/\(id)/deliveries", token: customer).json()["items"] as? [[String: Any]] ?? []
                return items.count == 4 ? items : []
            }
            #expect(listed.map { $0["attempt"] as? Int } == [4, 3, 2, 1])
            #expect(listed.map { $0["status"] as? String } == ["SUCCEEDED", "FAILED", "FAILED", "FAILED"], "each attempt's own outcome")
            #expect(listed.map { $0["deliveryStatus"] as? String } == ["SUCCEEDED", "PENDING", "PENDING", "PENDING"])
            #expect(listed.map { $0["responseStatus"] as? Int } == [200, 500, 500, 500])
            #expect(listed.dropFirst().allSatisfy { $0["nextAttemptAt"] is String })
        }
    }

    @Test("a 410 disables the endpoint and stops its deliveries; a manual retry after re-enabling delivers")
    func goneAndManualRetry() async throws {
        let consumer = try WebhookConsumer()
        try await OrdersHarness.run(configure: Self.configure) { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            let hook = try Self.register("gone", realm: "customer", consumer: consumer, token: customer, orders: orders)
            let id = try #require(hook["id"] as? Int)
            let product = try orders.product("Thing", token: seller)
            _ = try orders.placed([(product, 1)], token: customer)
            try await consumer.wait { $0.count == 1 }
            let endpoint = try await Self.eventually {
                let json = try orders.get("/api/v1/customer/webhooks/\(id)", token: customer).json()
                return json["enabled"] as? Bool == false ? json : nil
            }
            #expect(endpoint["disabledReason"] as? String != nil)
            #expect(endpoint["secret"] == nil)
            _ = try orders.placed([(product, 1)], token: customer)   // not sent: the endpoint is disabled
            let attempts = try orders.get("/api/v1/customer/webhooks/\(id)/deliveries", token: customer).json()["items"] as? [[String: Any]]
            let first = try #require(attempts?.first)
            #expect(first["status"] as? String == "FAILED" && first["responseStatus"] as? Int == 410)

            try consumer.secret(try #require(consumer.secretOf("gone")), for: "ok")
            let patched = try orders.auth.request("PATCH", "/api/v1/customer/webhooks/\(id)", json: ["url": consumer.url("ok"), "enabled": true],
                                                  token: customer)
            #expect(patched.status == 200)
            let retry = try orders.auth.request("POST", "/api/v1/customer/webhooks/\(id)/deliveries/\(first["id"] as? Int ?? 0)/retry",
                                                token: customer)
            #expect(retry.status == 202)
            let records = try await consumer.wait { $0.contains { $0.name == "ok" } }
            #expect(records.filter { $0.name == "ok" }.map(\.id) == [records[0].id])
            #expect(try orders.auth.request("POST", "/api/v1/customer/webhooks/\(id)/deliveries/999999/retry", token: customer).status == 404)
        }
    }

    /// Polls `body` until it returns a non-empty value (or gives up after 10 s).
    /// Pays a TOSS order for real: the sandbox's approval (what the checkout redirect carries), then confirm.
    static func pay(_ order: [String: Any], orders: OrdersHarness, token: String) throws {
        let id = try #require(order["id"] as? String)
        let amount = try #require((order["payment"] as? [String: Any])?["amount"] as? Int)
        let approval = try orders.auth.request("POST", "/sandbox/toss/approve", json: ["orderId": id, "amount": amount])
        #expect(approval.status == 200, "\(approval.text)")
        let paymentKey = try #require(try approval.json()["paymentKey"] as? String)
        let confirmed = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/payment/confirm",
                                                json: ["paymentKey": paymentKey, "amount": amount], token: token)
        #expect(confirmed.status == 200, "\(confirmed.text)")
    }

    static func eventually<T: Collection>(_ body: () throws -> T) async throws -> T {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let value = try body()
            if !value.isEmpty || Date() > deadline { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func eventually(_ body: () throws -> [String: Any]?) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(10)
        while true {
            if let value = try body() { return value }
            guard Date() < deadline else { throw WebhookConsumer.Failure.timeout("condition never held") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
