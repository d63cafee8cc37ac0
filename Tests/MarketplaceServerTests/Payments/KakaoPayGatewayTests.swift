import Gateways
import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Kakao Pay adapter against the Kakao Pay sandbox")
struct KakaoPayGatewayTests {
    @Test("ready, approve, confirm, order, partial cancel, full cancel")
    func lifecycle() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order(amount: 22_000, taxFree: 2_000, quantity: 3)
            let preparation = try await harness.kakaoPay.prepare(order)
            let tid = try #require(preparation.tid)
            #expect(tid.count == 20)
            #expect(preparation.checkout.map(\.0) == ["tid", "redirectUrl", "mobileRedirectUrl", "appRedirectUrl"])
            guard case .string(let redirect) = preparation.checkout[1].1 else { Issue.record("no redirectUrl"); return }
            let prefix = "http://127.0.0.1:\(harness.server.port)"
            #expect(redirect == prefix + "/sandbox/kakaopay/redirect?tid=" + tid)
            let page = try harness.server.request("GET", String(redirect.dropFirst(prefix.count)))
            #expect(page.status == 200 && page.text.contains("22000 KRW"))

            let reference = PaymentReference(orderId: order.orderId, tid: tid)
            #expect(try await harness.kakaoPay.lookup(order, reference: reference) == .notFound, "READY: nothing charged")
            let pgToken = try harness.kakaoCheckout(tid: tid)
            #expect(try harness.kakaoCheckout(tid: tid) == pgToken, "asking again before approval gives the same token")

            let outcome = try await harness.kakaoPay.confirm(order, proof: .kakaoPay(tid: tid, pgToken: pgToken), idempotencyKey: "k")
            guard case .approved(let approval) = outcome else { Issue.record("not approved: \(outcome)"); return }
            #expect(approval.tid == tid && approval.amount == 22_000)
            #expect(abs(approval.approvedAt - Date().timeIntervalSince1970) < 60)
            guard case .approved = try await harness.kakaoPay.lookup(order, reference: reference) else {
                Issue.record("order does not show the approval"); return
            }
            // A repeated approve (its answer lost) is settled by asking `order`.
            guard case .approved = try await harness.kakaoPay.confirm(order, proof: .kakaoPay(tid: tid, pgToken: pgToken),
                                                                      idempotencyKey: "k") else {
                Issue.record("a repeated approve of our own payment is not an approval"); return
            }

            let receipt = try await harness.kakaoPay.cancel(.init(reference: reference, amount: 11_000, vat: 818, taxFreeAmount: 1_000,
                                                                  reason: "one line", idempotencyKey: "c1"))
            #expect(receipt.tid?.count == 20 && receipt.canceledAt > 0)
            let raw = try harness.server.request("POST", "/sandbox/kakaopay/online/v1/payment/order",
                                                 headers: [harness.kakaoAuthorization, ("Content-Type", "application/json")],
                                                 body: #"{"cid":"TC0ONETIME","tid":"\#(tid)"}"#)
            let state = try raw.json()
            #expect(state["status"] as? String == "PART_CANCEL_PAYMENT")
            #expect((state["cancel_available_amount"] as? [String: Any])?["total"] as? Int == 11_000)
            #expect((state["payment_action_details"] as? [[String: Any]])?.count == 2)

            do {
                _ = try await harness.kakaoPay.cancel(.init(reference: reference, amount: 11_001, vat: 0, taxFreeAmount: 0, reason: "x",
                                                            idempotencyKey: "c2"))
                Issue.record("a cancel above what is left went through")
            } catch let MarketplaceError.conflict(code, _) {
                #expect(code == "NOT_CANCELABLE_AMOUNT")
            }
            _ = try await harness.kakaoPay.cancel(.init(reference: reference, amount: 11_000, vat: 1_000, taxFreeAmount: 1_000,
                                                        reason: "rest", idempotencyKey: "c3"))
            #expect(try await harness.kakaoPay.lookup(order, reference: reference) == .failed(code: "CANCEL_PAYMENT"))
        }
    }

    @Test("a wrong pg_token, an approve before authentication, and a reject fault are declines")
    func declines() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let tid = try #require(try await harness.kakaoPay.prepare(order).tid)
            let early = try await harness.kakaoPay.confirm(order, proof: .kakaoPay(tid: tid, pgToken: "x"), idempotencyKey: "k")
            #expect(early == .declined(code: "-701", message: "the customer has not authenticated the payment"))
            let pgToken = try harness.kakaoCheckout(tid: tid)
            let wrong = try await harness.kakaoPay.confirm(order, proof: .kakaoPay(tid: tid, pgToken: "not-it"), idempotencyKey: "k")
            #expect(wrong == .declined(code: "-703", message: "invalid pg_token"))
            try harness.fault("KAKAOPAY", "confirm", "reject")
            let rejected = try await harness.kakaoPay.confirm(order, proof: .kakaoPay(tid: tid, pgToken: pgToken), idempotencyKey: "k")
            #expect(rejected == .declined(code: "-780", message: "approval failure"))
            guard case .approved = try await harness.kakaoPay.confirm(order, proof: .kakaoPay(tid: tid, pgToken: pgToken),
                                                                      idempotencyKey: "k") else {
                Issue.record("not approved after the fault"); return
            }
        }
    }

    @Test("approveThenTimeout on approve: the caller times out, order shows it approved; ready faults surface")
    func faults() async throws {
        try await withGateways(gatewayTimeout: 2) { harness in
            let order = GatewayHarness.order()
            try harness.fault("KAKAOPAY", "ready", "error500")
            await #expect(throws: GatewayError.unavailable(status: 500)) { _ = try await harness.patientKakaoPay.prepare(order) }
            try harness.fault("KAKAOPAY", "ready", "reject")
            await #expect(throws: MarketplaceError.self) { _ = try await harness.patientKakaoPay.prepare(order) }

            let tid = try #require(try await harness.patientKakaoPay.prepare(order).tid)
            let pgToken = try harness.kakaoCheckout(tid: tid)
            try harness.fault("KAKAOPAY", "confirm", "approveThenTimeout")
            await #expect(throws: GatewayError.timeout) {
                _ = try await harness.kakaoPay.confirm(order, proof: .kakaoPay(tid: tid, pgToken: pgToken), idempotencyKey: "k")
            }
            guard case .approved(let approval) = try await harness.patientKakaoPay.lookup(order, reference: .init(orderId: order.orderId, tid: tid))
            else { Issue.record("the approval is not visible"); return }
            #expect(approval.amount == order.amount)
            #expect(try await harness.patientKakaoPay.lookup(order, reference: .init(orderId: order.orderId)) == .notFound, "no tid, no charge")
        }
    }

    @Test("a wrong secret key gets Kakao's 401 error body, a decline through the adapter")
    func unauthorized() async throws {
        try await withGateways { harness in
            for header in [("Authorization", "SECRET_KEY wrong"), ("Authorization", "KakaoAK abc")] {
                let reply = try harness.server.request("POST", "/sandbox/kakaopay/online/v1/payment/ready",
                                                       headers: [header, ("Content-Type", "application/json")], body: "{}")
                #expect(reply.status == 401)
                let body = try reply.json()
                #expect(body["error_code"] as? Int == -401 && body["error_message"] is String)
            }
            let missing = try harness.server.request("POST", "/sandbox/kakaopay/online/v1/payment/ready",
                                                     headers: [harness.kakaoAuthorization, ("Content-Type", "application/json")],
                                                     body: #"{"cid":"TC0ONETIME"}"#)
            #expect(missing.status == 400)
            #expect(try missing.json()["error_code"] as? Int == -2)
            let access = (harness.kakaoPay as! KakaoPay).access
            let wrong = KakaoPay(access: access, cid: "TC0ONETIME", secretKey: "wrong")
            let order = GatewayHarness.order()
            let outcome = try await wrong.confirm(order, proof: .kakaoPay(tid: "T1", pgToken: "p"), idempotencyKey: "k")
            #expect(outcome == .declined(code: "-401", message: "invalid secret key"))
        }
    }
}
