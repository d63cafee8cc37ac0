import Foundation
import Marketplace
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Payments: customer cancels of paid orders and admin refunds")
struct PaymentRefundTests {
    func cancel(_ pay: PaymentsHarness, _ id: String, _ items: [(Int, Int)]?, key: String? = nil) throws -> TestClient.Reply {
        var body: [String: Any] = ["reason": "changed my mind"]
        if let items { body["items"] = items.map { ["productId": $0.0, "quantity": $0.1] } }
        // Sorted keys: a replay must send byte-identical JSON.
        let raw = String(decoding: try JSONSerialization.data(withJSONObject: body, options: .sortedKeys), as: UTF8.self)
        return try pay.orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", raw: raw, token: pay.customer,
                                           headers: key.map { [("Idempotency-Key", $0)] } ?? [])
    }

    func refund(_ pay: PaymentsHarness, _ paymentID: String, _ body: [String: Any], admin: String,
                key: String? = nil) throws -> TestClient.Reply {
        let raw = String(decoding: try JSONSerialization.data(withJSONObject: body, options: .sortedKeys), as: UTF8.self)
        return try pay.orders.auth.request("POST", "/api/v1/admin/payments/\(paymentID)/cancel", raw: raw, token: admin,
                                    headers: key.map { [("Idempotency-Key", $0)] } ?? [])
    }

    @Test("Toss: cancel one unit, then a tax-free line (its VAT 0, passed explicitly), then the rest → CANCELED; stock back; Toss agrees")
    func tossPartialThenFull() async throws {
        try await PaymentsHarness.run { pay in
            let keyboard = try pay.product(price: 10_000, stock: 5), book = try pay.product("Book", price: 5_000, stock: 5, taxFree: true)
            let paid = try pay.paid([(keyboard, 2), (book, 1)])
            let id = try #require(paid["id"] as? String)
            #expect(paid.payment["vat"] as? Int == 1818)
            let first = try cancel(pay, id, [(keyboard, 1)])
            #expect(first.status == 200, "\(first.text)")
            var order = try first.json()
            #expect(order.status == "PAID")
            #expect(order.payment["status"] as? String == "PARTIAL_CANCELED")
            #expect(order.payment["balanceAmount"] as? Int == 15_000)
            #expect(order.payment["balanceVat"] as? Int == 909)
            #expect(try pay.stock(keyboard) == 4)
            order = try cancel(pay, id, [(book, 1)]).json()
            #expect(order.payment["balanceAmount"] as? Int == 10_000)
            #expect(order.payment["balanceVat"] as? Int == 909)
            #expect((order.payment["cancels"] as? [[String: Any]])?.last?["vat"] as? Int == 0)
            #expect(try pay.stock(book) == 5)
            order = try cancel(pay, id, nil).json()
            #expect(order.status == "CANCELED")
            #expect(order.payment["status"] as? String == "CANCELED")
            #expect(order.payment["balanceAmount"] as? Int == 0)
            #expect(order.payment["balanceVat"] as? Int == 0)
            #expect((order.payment["cancels"] as? [[String: Any]])?.count == 3)
            #expect(order.historyStatuses == ["PENDING_PAYMENT", "PAID", "CANCELED"])
            #expect((order["items"] as? [[String: Any]] ?? []).allSatisfy { $0["status"] as? String == "CANCELED" })
            #expect(try pay.stock(keyboard) == 5)
            let record = try #require(pay.tossRecord(id))
            #expect(record.status == "CANCELED")
            #expect(record.balanceAmount == 0)
            #expect(record.cancels.map(\.cancelAmount) == [10_000, 5_000, 10_000])
            let again = try cancel(pay, id, nil)
            #expect(again.status == 409)
            #expect(try again.json()["code"] as? String == "NOT_CANCELABLE")
        }
    }

    @Test("Kakao Pay: a partial cancel (PART_CANCEL_PAYMENT) then the rest (CANCEL_PAYMENT); stock back")
    func kakaoPartialThenFull() async throws {
        try await PaymentsHarness.run { pay in
            let keyboard = try pay.product(price: 10_000, stock: 5), mouse = try pay.product("Mouse", price: 3_000, stock: 5)
            let paid = try pay.paid([(keyboard, 1), (mouse, 2)], provider: "KAKAOPAY")
            let id = try #require(paid["id"] as? String)
            let partial = try cancel(pay, id, [(mouse, 2)])
            #expect(partial.status == 200, "\(partial.text)")
            #expect(try partial.json().payment["status"] as? String == "PARTIAL_CANCELED")
            #expect(pay.kakaoRecord(id)?.status == "PART_CANCEL_PAYMENT")
            #expect(pay.kakaoRecord(id)?.canceledTotal == 6_000)
            #expect(try pay.stock(mouse) == 5)
            let full = try cancel(pay, id, nil)
            #expect(full.status == 200, "\(full.text)")
            #expect(try full.json().status == "CANCELED")
            #expect(pay.kakaoRecord(id)?.status == "CANCEL_PAYMENT")
            #expect(try pay.stock(keyboard) == 5)
        }
    }

    @Test("a SHIPPING order is 409 NOT_CANCELABLE and the gateway is not asked")
    func shippingNotCancelable() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 5)
            let id = try #require(try pay.paid([(product, 1)])["id"] as? String)
            let admin = try await pay.admin()
            let moved = try pay.orders.auth.request("POST", "/api/v1/admin/orders/\(id)/status",
                                                    json: ["status": "SHIPPING", "trackingNumber": "TRK-1"], token: admin)
            #expect(moved.status == 200)
            let reply = try cancel(pay, id, nil)
            #expect(reply.status == 409)
            #expect(try reply.json()["code"] as? String == "NOT_CANCELABLE")
            #expect(pay.tossRecord(id)?.cancels.isEmpty == true)
        }
    }

    @Test("admin refunds: default VAT, explicit VAT, the three refusals, then emptying the balance cancels the order with its stock")
    func adminRefunds() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 11_000, stock: 5)
            let paid = try pay.paid([(product, 2)])
            let id = try #require(paid["id"] as? String)
            let paymentID = try #require(paid.payment["id"] as? String)
            let admin = try await pay.admin()
            let looked = try pay.orders.get("/api/v1/admin/payments/\(paymentID)", token: admin)
            #expect(looked.status == 200)
            #expect(try looked.json()["vat"] as? Int == 2_000)
            #expect(try pay.orders.get("/api/v1/admin/payments/pay_nope", token: admin).status == 404)
            #expect(try pay.orders.get("/api/v1/admin/payments/\(paymentID)", token: pay.customer).status == 403)

            var payment = try refund(pay, paymentID, ["amount": 5_500, "reason": "damaged box"], admin: admin).json()
            #expect(payment["status"] as? String == "PARTIAL_CANCELED")
            #expect(payment["balanceAmount"] as? Int == 16_500)
            #expect(payment["balanceVat"] as? Int == 1_500)
            #expect(try pay.order(id).status == "PAID")
            #expect(try pay.stock(product) == 3)   // money only
            payment = try refund(pay, paymentID, ["amount": 1_100, "vat": 100, "reason": "late"], admin: admin).json()
            #expect(payment["balanceAmount"] as? Int == 15_400)
            #expect(payment["balanceVat"] as? Int == 1_400)
            let refusals: [[String: Any]] = [["amount": 20_000, "reason": "x"], ["amount": 1_000, "vat": 5_000, "reason": "x"],
                                             ["amount": 15_400, "vat": 0, "reason": "x"]]
            for body in refusals {
                let refused = try refund(pay, paymentID, body, admin: admin)
                #expect(refused.status == 409, "\(refused.text)")
                #expect(try refused.json()["code"] as? String == "NOT_CANCELABLE_AMOUNT")
            }
            let bad = try refund(pay, paymentID, ["reason": "x"], admin: admin)
            #expect(bad.status == 400)
            payment = try refund(pay, paymentID, ["amount": 15_400, "reason": "all of it"], admin: admin).json()
            #expect(payment["status"] as? String == "CANCELED")
            #expect(payment["balanceVat"] as? Int == 0)
            #expect((payment["cancels"] as? [[String: Any]])?.last?["vat"] as? Int == 1_400)
            let order = try pay.order(id)
            #expect(order.status == "CANCELED")
            #expect(order.historyStatuses == ["PENDING_PAYMENT", "PAID", "CANCELED"])
            #expect((order["history"] as? [[String: Any]])?.last?["by"] as? String != nil)
            #expect(try pay.stock(product) == 5)
            #expect(pay.tossRecord(id)?.status == "CANCELED")
            let after = try refund(pay, paymentID, ["amount": 1, "reason": "x"], admin: admin)
            #expect(after.status == 409)
        }
    }

    @Test("a tax-free payment: a partial refund with the default VAT is refused (VAT over the balance VAT); with vat 0 it passes")
    func taxFreeRefund() async throws {
        try await PaymentsHarness.run { pay in
            let book = try pay.product("Book", price: 10_000, stock: 5, taxFree: true)
            let paid = try pay.paid([(book, 1)])
            let paymentID = try #require(paid.payment["id"] as? String)
            let admin = try await pay.admin()
            let refused = try refund(pay, paymentID, ["amount": 5_000, "reason": "x"], admin: admin)
            #expect(refused.status == 409)
            #expect(try refused.json()["code"] as? String == "NOT_CANCELABLE_AMOUNT")
            let done = try refund(pay, paymentID, ["amount": 5_000, "vat": 0, "reason": "x"], admin: admin)
            #expect(done.status == 200, "\(done.text)")
            #expect(try done.json()["balanceAmount"] as? Int == 5_000)
        }
    }

    @Test("two refunds of one payment at once (real parallel requests): one succeeds, the other is 409 CONCURRENT_REQUEST")
    func concurrentRefunds() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 11_000, stock: 5)
            let paid = try pay.paid([(product, 2)])
            let paymentID = try #require(paid.payment["id"] as? String)
            let admin = try await pay.admin()
            try pay.fault("TOSS", "cancel", "slow", count: 2, delayMs: 700)
            let port = pay.server.port
            let results = Mutex<[(Int, String?)]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let body = AuthHarness.encode(["amount": 1_000 + index, "reason": "race"])
                let reply = try? TestClient(port: port).request(
                    "POST", "/api/v1/admin/payments/\(paymentID)/cancel",
                    headers: [("Authorization", "Bearer \(admin)"), ("Content-Type", "application/json")], body: body, timeout: 30)
                results.withLock { $0.append((reply?.status ?? 0, (try? reply?.json())?["code"] as? String)) }
            }
            let all = results.withLock { $0 }.sorted { $0.0 < $1.0 }
            #expect(all.map(\.0) == [200, 409], "\(all)")
            #expect(all.last?.1 == "CONCURRENT_REQUEST")
            let payment = try pay.orders.get("/api/v1/admin/payments/\(paymentID)", token: admin).json()
            #expect((payment["cancels"] as? [[String: Any]])?.count == 1)
            #expect(pay.tossRecord(try #require(paid["id"] as? String))?.cancels.count == 1)
        }
    }

    @Test("Idempotency-Key replays of a customer cancel and an admin refund answer the stored result with Idempotent-Replayed: true")
    func idempotentReplays() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 11_000, stock: 5)
            let paid = try pay.paid([(product, 3)])
            let id = try #require(paid["id"] as? String)
            let paymentID = try #require(paid.payment["id"] as? String)
            let first = try cancel(pay, id, [(product, 1)], key: "cancel-1")
            #expect(first.status == 200)
            let replay = try cancel(pay, id, [(product, 1)], key: "cancel-1")
            #expect(replay.status == 200)
            #expect(replay.header("Idempotent-Replayed") == "true")
            let admin = try await pay.admin()
            let refunded = try refund(pay, paymentID, ["amount": 1_100, "reason": "x"], admin: admin, key: "refund-1")
            #expect(refunded.status == 200)
            let again = try refund(pay, paymentID, ["amount": 1_100, "reason": "x"], admin: admin, key: "refund-1")
            #expect(again.status == 200)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(pay.tossRecord(id)?.cancels.count == 2)
            #expect(try pay.stock(product) == 3)
        }
    }

    @Test("a refund without answer is 502 with nothing recorded; the same request again settles it once (the same gateway key)",
          arguments: ["error500", "approveThenTimeout"])
    func refundWithoutAnswer(mode: String) async throws {
        try await PaymentsHarness.run(gatewayTimeout: mode == "error500" ? 10 : 3) { pay in
            let product = try pay.product(price: 11_000, stock: 5)
            let paid = try pay.paid([(product, 2)])
            let id = try #require(paid["id"] as? String)
            try pay.fault("TOSS", "cancel", mode)
            let failed = try cancel(pay, id, [(product, 1)])
            #expect(failed.status == 502, "\(failed.text)")
            #expect(try failed.json()["code"] as? String == "PAYMENT_GATEWAY_ERROR")
            #expect((try pay.order(id).payment["cancels"] as? [[String: Any]])?.isEmpty == true)
            #expect(try pay.stock(product) == 3)
            let retried = try cancel(pay, id, [(product, 1)])
            #expect(retried.status == 200, "\(retried.text)")
            #expect((try retried.json().payment["cancels"] as? [[String: Any]])?.count == 1)
            #expect(pay.tossRecord(id)?.cancels.count == 1)
            #expect(pay.tossRecord(id)?.balanceAmount == 11_000)
            #expect(try pay.stock(product) == 4)
        }
    }

    @Test("Kakao Pay takes no idempotency key: a refund whose answer was lost is found by the balance check and recorded once on retry")
    func kakaoRefundWithoutAnswer() async throws {
        try await PaymentsHarness.run(gatewayTimeout: 3) { pay in
            let keyboard = try pay.product(price: 10_000, stock: 5), mouse = try pay.product("Mouse", price: 3_000, stock: 5)
            let paid = try pay.paid([(keyboard, 1), (mouse, 1)], provider: "KAKAOPAY")
            let id = try #require(paid["id"] as? String)
            try pay.fault("KAKAOPAY", "cancel", "approveThenTimeout")
            let failed = try cancel(pay, id, [(mouse, 1)])
            #expect(failed.status == 502, "\(failed.text)")
            #expect(pay.kakaoRecord(id)?.canceledTotal == 3_000)   // it did happen at Kakao
            #expect(try pay.stock(mouse) == 4)
            let retried = try cancel(pay, id, [(mouse, 1)])
            #expect(retried.status == 200, "\(retried.text)")
            #expect((try retried.json().payment["cancels"] as? [[String: Any]])?.count == 1)
            #expect(try retried.json().payment["balanceAmount"] as? Int == 10_000)
            #expect(pay.kakaoRecord(id)?.canceledTotal == 3_000)   // not twice
            #expect(try pay.stock(mouse) == 5)
        }
    }

    @Test("a gateway balance that differs by more than the refund refuses it: 409 BALANCE_MISMATCH, nothing refunded")
    func balanceMismatch() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 11_000, stock: 5)
            let paid = try pay.paid([(product, 2)])
            let id = try #require(paid["id"] as? String)
            let paymentKey = try #require(paid.payment["paymentKey"] as? String)
            // A refund made at Toss behind our back.
            let outside = try pay.server.request(
                "POST", "/sandbox/toss/v1/payments/\(paymentKey)/cancel",
                headers: [("Content-Type", "application/json"),
                          ("Authorization", "Basic " + Data("test_sk_marketplace_sandbox:".utf8).base64EncodedString())],
                body: #"{"cancelReason":"by hand","cancelAmount":500}"#)
            #expect(outside.status == 200, "\(outside.text)")
            let refused = try cancel(pay, id, [(product, 1)])
            #expect(refused.status == 409)
            #expect(try refused.json()["code"] as? String == "BALANCE_MISMATCH")
            #expect(pay.tossRecord(id)?.balanceAmount == 21_500)
            #expect(try pay.stock(product) == 3)
        }
    }
}
