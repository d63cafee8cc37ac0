import Foundation
import Marketplace
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Payments: confirm")
struct PaymentConfirmTests {
    @Test("Toss: order → sandbox approve → confirm → PAID, payment DONE, cart lines gone, the sandbox holds one DONE payment")
    func tossHappyPath() async throws {
        try await PaymentsHarness.run { pay in
            let keyboard = try pay.product(stock: 5), mouse = try pay.product("Mouse", price: 3_000, stock: 5)
            _ = try pay.orders.addToCart(keyboard, 2, token: pay.customer)
            _ = try pay.orders.addToCart(mouse, 1, token: pay.customer)
            let order = try pay.place([(keyboard, 2)])
            let id = try #require(order["id"] as? String)
            let proof = try pay.approve(order)
            let reply = try pay.confirm(id, proof)
            #expect(reply.status == 200, "\(reply.text)")
            let paid = try reply.json()
            #expect(paid.status == "PAID")
            #expect(paid.payment["status"] as? String == "DONE")
            #expect(paid.payment["paymentKey"] as? String == proof["paymentKey"] as? String)
            #expect(paid.payment["approvedAt"] as? String != nil)
            #expect(paid.payment["attempts"] as? Int == 1)
            #expect(paid.historyStatuses == ["PENDING_PAYMENT", "PAID"])
            #expect((paid["history"] as? [[String: Any]])?.last?["by"] as? String == "customer:\(try #require(paid["customerId"] as? Int))")
            #expect(try pay.stock(keyboard) == 3)
            let cart = try pay.orders.get("/api/v1/customer/cart", token: pay.customer).json()
            let left = (cart["items"] as? [[String: Any]] ?? []).compactMap { $0["productId"] as? Int }
            #expect(left == [mouse])
            let record = try #require(pay.tossRecord(id))
            #expect(record.status == "DONE")
            #expect(record.totalAmount == 20_000)
        }
    }

    @Test("Kakao Pay: ready at placement, approve at the sandbox, confirm with pgToken → PAID, tid kept, the sandbox approved once")
    func kakaoHappyPath() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 1)], provider: "KAKAOPAY")
            let id = try #require(order["id"] as? String)
            let tid = try #require(order.payment["tid"] as? String)
            let reply = try pay.confirm(id, try pay.approve(order))
            #expect(reply.status == 200, "\(reply.text)")
            let paid = try reply.json()
            #expect(paid.status == "PAID")
            #expect(paid.payment["status"] as? String == "DONE")
            #expect(paid.payment["tid"] as? String == tid)
            #expect(try pay.stock(product) == 2)
            let record = try #require(pay.kakaoRecord(id))
            #expect(record.status == "SUCCESS_PAYMENT")
            #expect(record.actions.filter { $0.type == "PAYMENT" }.count == 1)
        }
    }

    @Test("a tampered amount is 400 PAYMENT_AMOUNT_MISMATCH: order PAYMENT_FAILED, stock back, the gateway never asked")
    func amountTampering() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 4)
            let order = try pay.place([(product, 2)])
            let id = try #require(order["id"] as? String)
            var proof = try pay.approve(order)
            proof["amount"] = 100
            let reply = try pay.confirm(id, proof)
            #expect(reply.status == 400)
            #expect(try reply.json()["code"] as? String == "PAYMENT_AMOUNT_MISMATCH")
            let failed = try pay.order(id)
            #expect(failed.status == "PAYMENT_FAILED")
            #expect(failed.payment["status"] as? String == "ABORTED")
            #expect(try pay.stock(product) == 4)
            #expect(pay.tossRecord(id) == nil)   // no confirm reached the sandbox
            let again = try pay.confirm(id, try pay.approve(order))
            #expect(again.status == 409)
            #expect(try again.json()["code"] as? String == "ALREADY_PROCESSED")
        }
    }

    @Test("a decline (reject fault) is 402 PAYMENT_REJECTED: order PAYMENT_FAILED, payment ABORTED, stock back")
    func decline() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 4)
            let order = try pay.place([(product, 3)])
            let id = try #require(order["id"] as? String)
            try pay.fault("TOSS", "confirm", "reject")
            let reply = try pay.confirm(id, try pay.approve(order))
            #expect(reply.status == 402, "\(reply.text)")
            #expect(try reply.json()["code"] as? String == "PAYMENT_REJECTED")
            let failed = try pay.order(id)
            #expect(failed.status == "PAYMENT_FAILED")
            #expect(failed.payment["status"] as? String == "ABORTED")
            #expect(failed.historyStatuses == ["PENDING_PAYMENT", "PAYMENT_FAILED"])
            #expect(try pay.stock(product) == 4)
            #expect(pay.tossRecord(id) == nil)
        }
    }

    @Test("confirming an expired order is 409 ORDER_EXPIRED, before and after the sweep; the gateway is not asked")
    func expiredOrder() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 2)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            let proof = try pay.approve(order)
            pay.clock.advance(by: 901)
            let early = try pay.confirm(id, proof)   // past expiresAt, not swept yet
            #expect(early.status == 409)
            #expect(try early.json()["code"] as? String == "ORDER_EXPIRED")
            try await pay.server.application.orders.orders.expireDue()
            let late = try pay.confirm(id, proof)
            #expect(late.status == 409)
            #expect(try late.json()["code"] as? String == "ORDER_EXPIRED")
            #expect(try pay.order(id).status == "EXPIRED")
            #expect(try pay.stock(product) == 2)
            #expect(pay.tossRecord(id) == nil)
        }
    }

    @Test("repeats: the same paymentKey again → 200 with the same order; another paymentKey → 409 ALREADY_PROCESSED")
    func repeats() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 2)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            let proof = try pay.approve(order)
            #expect(try pay.confirm(id, proof).status == 200)
            let same = try pay.confirm(id, proof)
            #expect(same.status == 200)
            #expect(try same.json().historyStatuses == ["PENDING_PAYMENT", "PAID"])
            let other = try pay.confirm(id, ["paymentKey": "tsbx_someotherkey", "amount": proof["amount"]!])
            #expect(other.status == 409)
            #expect(try other.json()["code"] as? String == "ALREADY_PROCESSED")
            #expect(try pay.stock(product) == 1)
        }
    }

    @Test("a canceled order confirmed again with its old paymentKey → 409 ALREADY_PROCESSED; only a PAID order repeats as 200")
    func canceledRepeat() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 2)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            let proof = try pay.approve(order)
            #expect(try pay.confirm(id, proof).status == 200)
            let cancel = try pay.orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: ["reason": "changed my mind"],
                                                     token: pay.customer)
            #expect(cancel.status == 200, "\(cancel.text)")
            let again = try pay.confirm(id, proof)
            #expect(again.status == 409, "\(again.text)")
            #expect(try again.json()["code"] as? String == "ALREADY_PROCESSED")
            #expect(try pay.order(id).status == "CANCELED", "nothing changed")
            #expect(try pay.stock(product) == 2)
        }
    }

    @Test("8 confirms of one order at once (real parallel requests): one 200, the rest 409 PAYMENT_IN_PROGRESS or ALREADY_PROCESSED, one approval")
    func parallelConfirms() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 2)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            let proof = try pay.approve(order)
            // The gateway answers slowly, so the others arrive while the first is at the gateway.
            try pay.fault("TOSS", "confirm", "slow", count: 1, delayMs: 500)
            let port = pay.server.port, token = pay.customer
            let body = AuthHarness.encode(proof)
            let statuses = Mutex<[(Int, String?)]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let reply = try? TestClient(port: port).request(
                    "POST", "/api/v1/customer/orders/\(id)/payment/confirm",
                    headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")], body: body, timeout: 30)
                let code = (try? reply?.json())?["code"] as? String
                statuses.withLock { $0.append((reply?.status ?? 0, code)) }
            }
            let all = statuses.withLock { $0 }
            // A paid order confirmed again with its own paymentKey is 200 too: count the
            // gateway's approvals and the codes of the others instead.
            #expect(all.allSatisfy { $0.0 == 200 || ($0.0 == 409 && ["PAYMENT_IN_PROGRESS", "ALREADY_PROCESSED"].contains($0.1)) },
                    "\(all)")
            #expect(all.contains { $0.0 == 409 }, "\(all)")
            let paid = try pay.order(id)
            #expect(paid.status == "PAID")
            #expect(paid.payment["attempts"] as? Int == 1)
            #expect(paid.historyStatuses == ["PENDING_PAYMENT", "PAID"])
            #expect(try pay.stock(product) == 1)
            #expect(pay.tossRecord(id)?.status == "DONE")
        }
    }

    @Test("an Idempotency-Key replay of a confirm returns the stored answer with Idempotent-Replayed: true")
    func idempotentReplay() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 2)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            let proof = try pay.approve(order)
            let first = try pay.confirm(id, proof, key: "confirm-1")
            #expect(first.status == 200)
            let again = try pay.confirm(id, proof, key: "confirm-1")
            #expect(again.status == 200)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(again.text == first.text)
        }
    }

    @Test("the gateways' fail and cancel pages show the query values and change nothing; a success for no order is a 404 page")
    func redirectPages() async throws {
        try await PaymentsHarness.run { pay in
            for (path, status) in [("/payments/toss/success?paymentKey=tsbx_1&orderId=ord_abcdef<b>&amount=100", 404),
                                   ("/payments/toss/fail?code=X<b>", 200),
                                   ("/payments/kakaopay/approve?orderId=ord_abcdef<b>&pg_token=tok", 404),
                                   ("/payments/kakaopay/cancel?orderId=o<b>", 200), ("/payments/kakaopay/fail?orderId=o<b>", 200)] {
                let reply = try pay.server.request("GET", path)
                #expect(reply.status == status, "\(path)")
                #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true)
                #expect(!reply.text.contains("<b>"))
            }
            let page = try pay.server.request("GET", "/payments/toss/fail?code=PAY_PROCESS_CANCELED&orderId=ord_abcdef")
            #expect(page.text.contains("PAY_PROCESS_CANCELED") && page.text.contains("ord_abcdef"))
        }
    }
}
