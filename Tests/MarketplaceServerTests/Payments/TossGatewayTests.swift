import Gateways
import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Toss Payments adapter against the Toss sandbox")
struct TossGatewayTests {
    @Test("prepare builds the checkout locally with the sandbox's checkout page")
    func prepare() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let preparation = try await harness.toss.prepare(order)
            let checkout = Dictionary(uniqueKeysWithValues: preparation.checkout)
            #expect(preparation.checkout.map(\.0) == ["clientKey", "orderId", "orderName", "amount", "customerKey", "checkoutUrl",
                                                       "successUrl", "failUrl"])
            #expect(checkout["orderId"] == .string(order.orderId))
            #expect(checkout["amount"] == .int(15_000))
            #expect(checkout["clientKey"] == .string(harness.server.application.config.payments.toss.clientKey))
            #expect(preparation.tid == nil)
            guard case .string(let url) = checkout["checkoutUrl"] else { Issue.record("no checkoutUrl"); return }
            let prefix = "http://127.0.0.1:\(harness.server.port)"
            #expect(url.hasPrefix(prefix + "/sandbox/toss/checkout?"))
            let page = try harness.server.request("GET", String(url.dropFirst(prefix.count)))
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains(order.orderId) && page.text.contains("15000 KRW"))
        }
    }

    @Test("the checkout page's Pay button redirects to successUrl with paymentKey, orderId and amount")
    func checkoutForm() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let form = "orderId=\(order.orderId)&amount=15000&orderName=Keyboard+and+more&successUrl=https%3A%2F%2Fshop.example%2Fok"
                + "&failUrl=https%3A%2F%2Fshop.example%2Ffail"
            let reply = try harness.server.request("POST", "/sandbox/toss/checkout",
                                                   headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form)
            #expect(reply.status == 303)
            let location = try #require(reply.header("Location"))
            #expect(location.hasPrefix("https://shop.example/ok?paymentKey=tsbx_"))
            #expect(location.hasSuffix("&orderId=\(order.orderId)&amount=15000"))
        }
    }

    @Test("approve, confirm, lookup, partial cancel, full cancel")
    func lifecycle() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            #expect(try await harness.toss.lookup(order, reference: .init(orderId: order.orderId)) == .notFound,
                    "authenticated at checkout but not confirmed is IN_PROGRESS: nothing charged")

            let outcome = try await harness.toss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: 15_000),
                                                         idempotencyKey: "confirm-" + order.orderId)
            guard case .approved(let approval) = outcome else { Issue.record("not approved: \(outcome)"); return }
            #expect(approval.paymentKey == paymentKey && approval.amount == 15_000)
            #expect(abs(approval.approvedAt - Date().timeIntervalSince1970) < 60)

            guard case .approved(let found) = try await harness.toss.lookup(order, reference: .init(orderId: order.orderId)) else {
                Issue.record("lookup does not show the approval"); return
            }
            #expect(found.paymentKey == paymentKey && found.amount == 15_000)

            let reference = PaymentReference(orderId: order.orderId, paymentKey: paymentKey)
            let partial = try await harness.toss.cancel(.init(reference: reference, amount: 5_000, vat: 455, taxFreeAmount: 0,
                                                              reason: "one line", idempotencyKey: "cancel-1"))
            #expect(partial.tid?.count == 32)
            let raw = try harness.server.request("GET", "/sandbox/toss/v1/payments/\(paymentKey)", headers: [harness.tossAuthorization])
            let payment = try raw.json()
            #expect(payment["status"] as? String == "PARTIAL_CANCELED")
            #expect(payment["balanceAmount"] as? Int == 10_000 && payment["totalAmount"] as? Int == 15_000)
            #expect((payment["cancels"] as? [[String: Any]])?.first?["cancelAmount"] as? Int == 5_000)
            #expect(try await harness.toss.lookup(order, reference: reference) != .notFound, "partially canceled is still approved")

            _ = try await harness.toss.cancel(.init(reference: reference, amount: 10_000, vat: 909, taxFreeAmount: 0, reason: "rest",
                                                    idempotencyKey: "cancel-2"))
            #expect(try await harness.toss.lookup(order, reference: reference) == .failed(code: "CANCELED"))
            await #expect(throws: MarketplaceError.conflict(code: "ALREADY_CANCELED_PAYMENT",
                                                            detail: "Toss Payments refused the cancel: The payment is already canceled.")) {
                _ = try await harness.toss.cancel(.init(reference: reference, amount: 1, vat: 0, taxFreeAmount: 0, reason: "more",
                                                        idempotencyKey: "cancel-3"))
            }
        }
    }

    @Test("a cancel above the balance is refused with NOT_CANCELABLE_AMOUNT; the same cancel key replays")
    func cancelRules() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            _ = try await harness.toss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: 15_000), idempotencyKey: "c")
            let reference = PaymentReference(orderId: order.orderId, paymentKey: paymentKey)
            do {
                _ = try await harness.toss.cancel(.init(reference: reference, amount: 15_001, vat: 0, taxFreeAmount: 0, reason: "x",
                                                        idempotencyKey: "too-much"))
                Issue.record("a cancel above the balance went through")
            } catch let MarketplaceError.conflict(code, _) {
                #expect(code == "NOT_CANCELABLE_AMOUNT")
            }
            let cancel = PaymentCancellation(reference: reference, amount: 1_000, vat: 91, taxFreeAmount: 0, reason: "x",
                                             idempotencyKey: "same")
            let first = try await harness.toss.cancel(cancel)
            let second = try await harness.toss.cancel(cancel)
            #expect(first == second, "the same Idempotency-Key gets the same answer")
            let balance = harness.sandbox.toss.store.read { $0.payments[paymentKey]?.balanceAmount }
            #expect(balance == 14_000, "one cancel, not two")
        }
    }

    @Test("a confirm with another amount than the checkout approved is declined by Toss")
    func wrongAmount() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order, amount: 14_000)
            let outcome = try await harness.toss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: 15_000), idempotencyKey: "k")
            guard case .declined(let code, _) = outcome else { Issue.record("not declined: \(outcome)"); return }
            #expect(code == "INVALID_REQUEST")
            let raw = try harness.server.request("POST", "/sandbox/toss/v1/payments/confirm",
                                                 headers: [harness.tossAuthorization, ("Content-Type", "application/json")],
                                                 body: #"{"paymentKey":"\#(paymentKey)","orderId":"\#(order.orderId)","amount":15000}"#)
            #expect(raw.status == 400)
            #expect(try raw.json()["code"] as? String == "INVALID_REQUEST")
            #expect(try await harness.toss.lookup(order, reference: .init(orderId: order.orderId)) == .notFound)
        }
    }

    @Test("confirms repeated with one key approve once; another checkout of the same order is refused")
    func oneApprovalPerOrder() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            let proof = PaymentProof.toss(paymentKey: paymentKey, amount: 15_000)
            let toss = harness.toss
            let outcomes = try await withThrowingTaskGroup(of: ConfirmOutcome?.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        do { return try await toss.confirm(order, proof: proof, idempotencyKey: "once") } catch GatewayError.unavailable(409) {
                            return nil   // the first was still running: IDEMPOTENT_REQUEST_PROCESSING
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.compactMap { $0 }.allSatisfy { if case .approved = $0 { true } else { false } })
            let replay = try await harness.toss.confirm(order, proof: proof, idempotencyKey: "once")
            guard case .approved(let approval) = replay else { Issue.record("replay not approved"); return }
            #expect(approval.paymentKey == paymentKey)

            // Another key for the same paymentKey: ALREADY_PROCESSED_PAYMENT, resolved as ours by a lookup.
            guard case .approved = try await harness.toss.confirm(order, proof: proof, idempotencyKey: "another") else {
                Issue.record("our own earlier approval was not recognised"); return
            }
            // A second checkout of the same order can never be approved.
            let secondKey = try harness.tossCheckout(order)
            let second = try await harness.toss.confirm(order, proof: .toss(paymentKey: secondKey, amount: 15_000), idempotencyKey: "2")
            #expect(second == .declined(code: "ALREADY_PROCESSED_PAYMENT", message: "This payment has already been processed."))
            let approvals = harness.sandbox.toss.store.read { state in state.payments.values.filter { $0.orderId == order.orderId }.count }
            #expect(approvals == 1)
        }
    }

    @Test("an unknown paymentKey is declined; a wrong secret key gets Toss's 401 body")
    func unknownKeyAndAuth() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let outcome = try await harness.toss.confirm(order, proof: .toss(paymentKey: "nope", amount: 15_000), idempotencyKey: "x")
            #expect(outcome == .declined(code: "NOT_FOUND_PAYMENT_SESSION", message: "No payment session: it expired or never existed."))

            for authorization in ["Basic " + Data("wrong_sk:".utf8).base64EncodedString(), "Bearer abc", nil] {
                let headers = [("Content-Type", "application/json")] + (authorization.map { [("Authorization", $0)] } ?? [])
                let reply = try harness.server.request("POST", "/sandbox/toss/v1/payments/confirm", headers: headers, body: "{}")
                #expect(reply.status == 401)
                #expect(reply.header("Content-Type") == "application/json")
                let body = try reply.json()
                #expect(body["code"] as? String == "UNAUTHORIZED_KEY" && body["message"] is String && body.count == 2)
            }
            let wrong = TossPayments(access: (harness.toss as! TossPayments).access, clientKey: "ck", secretKey: "wrong_sk")
            let refused = try await wrong.confirm(order, proof: .toss(paymentKey: "k", amount: 1), idempotencyKey: "y")
            guard case .declined(let code, _) = refused else { Issue.record("not declined"); return }
            #expect(code == "UNAUTHORIZED_KEY")
            let lookup = try harness.server.request("GET", "/sandbox/toss/v1/payments/orders/\(order.orderId)",
                                                    headers: [harness.tossAuthorization])
            #expect(lookup.status == 404)
            #expect(try lookup.json()["code"] as? String == "NOT_FOUND_PAYMENT")
        }
    }
}
