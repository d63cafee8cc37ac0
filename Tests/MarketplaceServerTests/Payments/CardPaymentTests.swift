import Auth
import Foundation
import Marketplace
import Storage
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// `POST /orders/{id}/payment/card` end to end against the card company sandbox (issue #7).
@Suite("Payments: paying by card")
struct CardPaymentTests {
    static let number = "5409876543210987"
    static let masked = "540987*******987"
    static var card: [String: Any] { ["cardNumber": number, "expiry": "1230", "cvc": "864", "installmentMonths": 0] }

    func pay(_ pay: PaymentsHarness, _ id: String, _ body: [String: Any] = card, token: String? = nil) throws -> TestClient.Reply {
        let raw = String(decoding: try JSONSerialization.data(withJSONObject: body, options: .sortedKeys), as: UTF8.self)
        return try pay.orders.auth.request("POST", "/api/v1/customer/orders/\(id)/payment/card", raw: raw,
                                           token: token ?? pay.customer)
    }

    func cardMessages(_ pay: PaymentsHarness, _ managementId: String? = nil) throws -> [[String: Any]] {
        let reply = try pay.server.request("GET", "/sandbox/card/messages" + (managementId.map { "?managementId=" + $0 } ?? ""))
        #expect(reply.status == 200, "\(reply.text)")
        return try #require(try reply.json()["messages"] as? [[String: Any]])
    }

    /// Every file under `directory` (the server's data, sandbox state included) that holds `text`.
    static func files(under directory: String, containing text: String) -> [String] {
        let needle = Data(text.utf8)
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            let full = directory + "/" + path
            if let data = FileManager.default.contents(atPath: full), data.range(of: needle) != nil { found.append(path) }
        }
        return found
    }

    @Test("a bad card is 400 naming each field; nothing stored or sent; someone else's order is 404; a TOSS order is 400")
    func validation() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 1)], provider: "CARD")
            let id = try #require(order["id"] as? String)
            #expect(order.payment["status"] as? String == "READY")
            let bad = try self.pay(pay, id, ["cardNumber": "12345", "expiry": "1324", "cvc": "12", "installmentMonths": 13])
            #expect(bad.status == 400, "\(bad.text)")
            let fields = (try bad.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == ["cardNumber", "expiry", "cvc", "installmentMonths"])
            #expect(!bad.text.contains("12345"))
            var past = Self.card
            past["expiry"] = "0125"   // the test clock is June 2025
            let expired = try self.pay(pay, id, past)
            #expect(expired.status == 400)
            #expect((try expired.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "expiry")
            var letters = Self.card
            letters["cardNumber"] = "5409-8765-4321"
            #expect(try self.pay(pay, id, letters).status == 400)
            let stillReady = try pay.order(id)
            #expect(stillReady.payment["status"] as? String == "READY")
            #expect(stillReady.payment["tid"] is NSNull || stillReady.payment["tid"] == nil)
            #expect(try cardMessages(pay).isEmpty)
            let other = try pay.orders.customer("other@example.com")
            #expect(try self.pay(pay, id, token: other).status == 404)
            let toss = try #require(try pay.place([(product, 1)])["id"] as? String)
            #expect(try self.pay(pay, toss).status == 400)
        }
    }

    @Test("success: PAID, tid the 20-char management id, masked number; the sandbox holds one PAYMENT; admin finds it by management id")
    func success() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 11_000, stock: 3)
            let order = try pay.place([(product, 2)], provider: "CARD")
            let id = try #require(order["id"] as? String)
            let reply = try self.pay(pay, id)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(!reply.text.contains(Self.number))
            let paid = try reply.json()
            #expect(paid.status == "PAID")
            #expect(paid.payment["status"] as? String == "DONE")
            let tid = try #require(paid.payment["tid"] as? String)
            #expect(tid.count == 20)
            let card = try #require(paid.payment["card"] as? [String: Any])
            #expect(card["maskedNumber"] as? String == Self.masked)
            #expect(card["expiry"] as? String == "1230")
            #expect(try pay.stock(product) == 1)
            let messages = try cardMessages(pay, tid)
            #expect(messages.count == 1)
            #expect(messages.first?["kind"] as? String == "PAYMENT")
            #expect(messages.first?["maskedNumber"] as? String == Self.masked)
            #expect(messages.first?["amount"] as? Int == 22_000)
            #expect(messages.first?["vat"] as? Int == 2_000)
            let admin = try await pay.admin()
            let byTid = try pay.orders.get("/api/v1/admin/payments/\(tid)", token: admin)
            #expect(byTid.status == 200, "\(byTid.text)")
            #expect(try byTid.json()["id"] as? String == paid.payment["id"] as? String)
            // Paying again is refused without a message.
            let again = try self.pay(pay, id)
            #expect(again.status == 409)
            #expect(try again.json()["code"] as? String == "ALREADY_PROCESSED")
            #expect(try cardMessages(pay).count == 1)
            #expect(Self.files(under: pay.server.dataDir, containing: Self.number).isEmpty)
        }
    }

    @Test("a decline (reject fault) is 402 PAYMENT_REJECTED: order PAYMENT_FAILED, stock back; the card is free again")
    func decline() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 4)
            let order = try pay.place([(product, 3)], provider: "CARD")
            let id = try #require(order["id"] as? String)
            try pay.fault("CARD", "confirm", "reject")
            let reply = try self.pay(pay, id)
            #expect(reply.status == 402, "\(reply.text)")
            #expect(try reply.json()["code"] as? String == "PAYMENT_REJECTED")
            let failed = try pay.order(id)
            #expect(failed.status == "PAYMENT_FAILED")
            #expect(failed.payment["status"] as? String == "ABORTED")
            #expect(try pay.stock(product) == 4)
            let next = try #require(try pay.place([(product, 1)], provider: "CARD")["id"] as? String)
            #expect(try self.pay(pay, next).status == 200)
        }
    }

    @Test("customer line cancel and admin refunds (default and explicit VAT) send CANCELs of the payment's tid; admin finds it by a cancel's id")
    func cancels() async throws {
        try await PaymentsHarness.run { pay in
            let keyboard = try pay.product(price: 11_000, stock: 5)
            let book = try pay.product("Book", price: 5_000, stock: 5, taxFree: true)
            let order = try pay.place([(keyboard, 2), (book, 1)], provider: "CARD")
            let id = try #require(order["id"] as? String)
            let paid = try self.pay(pay, id).json()
            let tid = try #require(paid.payment["tid"] as? String)
            let paymentID = try #require(paid.payment["id"] as? String)
            #expect(paid.payment["amount"] as? Int == 27_000)
            #expect(paid.payment["vat"] as? Int == 2_000)
            // Customer: one keyboard (its own VAT, 1,000).
            let raw = #"{"items":[{"productId":\#(keyboard),"quantity":1}],"reason":"too many"}"#
            let lineCancel = try pay.orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", raw: raw, token: pay.customer)
            #expect(lineCancel.status == 200, "\(lineCancel.text)")
            #expect(try pay.stock(keyboard) == 4)
            let admin = try await pay.admin()
            func refund(_ body: String) throws -> TestClient.Reply {
                try pay.orders.auth.request("POST", "/api/v1/admin/payments/\(paymentID)/cancel", raw: body, token: admin)
            }
            let byDefault = try refund(#"{"amount":2200,"reason":"goodwill"}"#)   // VAT round(2200/11) = 200
            #expect(byDefault.status == 200, "\(byDefault.text)")
            let explicit = try refund(#"{"amount":5000,"vat":0,"reason":"the book"}"#)
            #expect(explicit.status == 200, "\(explicit.text)")
            #expect(try explicit.json()["balanceAmount"] as? Int == 8_800)
            #expect(try explicit.json()["balanceVat"] as? Int == 800)
            let rest = try refund(#"{"amount":8800,"reason":"all of it"}"#)   // takes the remaining VAT, 800
            #expect(rest.status == 200, "\(rest.text)")
            let payment = try rest.json()
            #expect(payment["status"] as? String == "CANCELED")
            let cancels = try #require(payment["cancels"] as? [[String: Any]])
            #expect(cancels.map { $0["amount"] as? Int } == [11_000, 2_200, 5_000, 8_800])
            #expect(cancels.map { $0["vat"] as? Int } == [1_000, 200, 0, 800])
            let cancelIDs = cancels.compactMap { $0["tid"] as? String }
            #expect(cancelIDs.count == 4 && Set(cancelIDs).count == 4 && cancelIDs.allSatisfy { $0.count == 20 && $0 != tid })
            let messages = try cardMessages(pay, tid).filter { $0["kind"] as? String == "CANCEL" }
            #expect(messages.map { $0["managementId"] as? String } == cancelIDs)
            #expect(messages.allSatisfy { $0["originalManagementId"] as? String == tid })
            #expect(messages.map { $0["amount"] as? Int } == [11_000, 2_200, 5_000, 8_800])
            #expect(messages.map { $0["vat"] as? Int } == [1_000, 200, 0, 800])
            #expect(messages.allSatisfy { ($0["answer"] as? [String: Any])?["approved"] as? Bool == true })
            #expect(try pay.order(id).status == "CANCELED")
            let byCancel = try pay.orders.get("/api/v1/admin/payments/\(cancelIDs[1])", token: admin)
            #expect(byCancel.status == 200)
            #expect(try byCancel.json()["id"] as? String == paymentID)
            #expect(try pay.orders.get("/api/v1/admin/payments/20991231AAAAAAAAAAAA", token: admin).status == 404)
            #expect(Self.files(under: pay.server.dataDir, containing: Self.number).isEmpty)
        }
    }

    @Test("10 payments with one card at once (10 orders, real parallel requests): one approved, the others 409 CONCURRENT_REQUEST, nothing sent for them")
    func oneCardAtATime() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 1_000, stock: 20)
            let ids = try (0..<10).map { _ in try #require(try pay.place([(product, 1)], provider: "CARD")["id"] as? String) }
            // The winner's PAYMENT takes 1.5 s at the company, so every other request meets its claim.
            try pay.fault("CARD", "confirm", "slow", count: 10, delayMs: 1_500)
            let port = pay.server.port, token = pay.customer
            let body = AuthHarness.encode(Self.card)
            let results = Mutex<[(Int, String?)]>([])
            DispatchQueue.concurrentPerform(iterations: 10) { index in
                let reply = try? TestClient(port: port).request(
                    "POST", "/api/v1/customer/orders/\(ids[index])/payment/card",
                    headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")], body: body, timeout: 30)
                results.withLock { $0.append((reply?.status ?? 0, (try? reply?.json())?["code"] as? String)) }
            }
            let all = results.withLock { $0 }
            #expect(all.filter { $0.0 == 200 }.count == 1, "\(all)")
            #expect(all.filter { $0.0 == 409 && $0.1 == "CONCURRENT_REQUEST" }.count == 9, "\(all)")
            let payments = try cardMessages(pay).filter { $0["kind"] as? String == "PAYMENT" }
            #expect(payments.count == 1)
            let orders = try ids.map { try pay.order($0) }
            #expect(orders.filter { $0.status == "PAID" }.count == 1)
            let losers = orders.filter { $0.status != "PAID" }
            #expect(losers.allSatisfy { $0.status == "PENDING_PAYMENT" && $0.payment["status"] as? String == "READY" })
            #expect(losers.allSatisfy { $0.payment["tid"] == nil || $0.payment["tid"] is NSNull })
            #expect(losers.allSatisfy { $0.payment["card"] == nil || $0.payment["card"] is NSNull })
        }
    }

    @Test("two refunds of one CARD payment at once: one succeeds, the other 409 CONCURRENT_REQUEST with no CANCEL sent for it")
    func concurrentCancels() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 11_000, stock: 5)
            let order = try pay.place([(product, 2)], provider: "CARD")
            let paid = try self.pay(pay, try #require(order["id"] as? String)).json()
            let paymentID = try #require(paid.payment["id"] as? String), tid = try #require(paid.payment["tid"] as? String)
            let admin = try await pay.admin()
            try pay.fault("CARD", "cancel", "slow", count: 2, delayMs: 700)
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
            #expect(try cardMessages(pay, tid).filter { $0["kind"] as? String == "CANCEL" }.count == 1)
        }
    }

    @Test("a refund whose CANCEL answer was lost is 502; the same refund again is recorded once (same management id, the company's first answer)")
    func lostRefundAnswer() async throws {
        try await PaymentsHarness.run(gatewayTimeout: 1) { pay in
            let product = try pay.product(price: 11_000, stock: 5)
            let order = try pay.place([(product, 2)], provider: "CARD")
            let paid = try self.pay(pay, try #require(order["id"] as? String)).json()
            let paymentID = try #require(paid.payment["id"] as? String), tid = try #require(paid.payment["tid"] as? String)
            let admin = try await pay.admin()
            try pay.fault("CARD", "cancel", "approveThenTimeout")
            let body = #"{"amount":5500,"reason":"half"}"#
            let lost = try pay.orders.auth.request("POST", "/api/v1/admin/payments/\(paymentID)/cancel", raw: body, token: admin)
            #expect(lost.status == 502, "\(lost.text)")
            let retry = try pay.orders.auth.request("POST", "/api/v1/admin/payments/\(paymentID)/cancel", raw: body, token: admin)
            #expect(retry.status == 200, "\(retry.text)")
            let payment = try retry.json()
            #expect(payment["balanceAmount"] as? Int == 16_500)
            #expect((payment["cancels"] as? [[String: Any]])?.count == 1)
            let cancels = try cardMessages(pay, tid).filter { $0["kind"] as? String == "CANCEL" }
            #expect(cancels.count == 2)
            #expect(Set(cancels.compactMap { $0["managementId"] as? String }).count == 1)
            #expect(cancels.last?["duplicate"] as? Bool == true)
        }
    }

    @Test("Idempotency-Key: a replay answers the stored order; the stored fingerprint is keyed, not a bare SHA-256 of the card's body")
    func idempotentReplay() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(stock: 3)
            let id = try #require(try pay.place([(product, 1)], provider: "CARD")["id"] as? String)
            let raw = String(decoding: try JSONSerialization.data(withJSONObject: Self.card, options: .sortedKeys), as: UTF8.self)
            let path = "/api/v1/customer/orders/\(id)/payment/card"
            let first = try pay.orders.auth.request("POST", path, raw: raw, token: pay.customer, headers: [("Idempotency-Key", "card-1")])
            #expect(first.status == 200, "\(first.text)")
            let again = try pay.orders.auth.request("POST", path, raw: raw, token: pay.customer, headers: [("Idempotency-Key", "card-1")])
            #expect(again.status == 200)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(try cardMessages(pay).count == 1)
            let stored = try await pay.server.application.database.read {
                try $0.queryRow("SELECT fingerprint FROM idempotency_keys WHERE idempotency_key = 'card-1'")?.string(0)
            }
            let bare = SHA256.hex([Array("POST \(path)\n".utf8), Array(raw.utf8)])
            #expect(stored?.count == 64)
            #expect(stored != bare)
        }
    }
}
