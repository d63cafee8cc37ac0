import Gateways
import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Sandbox routes: fault validation, persistence, wiring")
struct SandboxTests {
    @Test("POST /sandbox/faults validates its body", arguments: [
        (#"{"provider":"PAYPAL","operation":"confirm","mode":"timeout","count":1}"#, "provider"),
        (#"{"provider":"TOSS","operation":"refund","mode":"timeout","count":1}"#, "operation"),
        (#"{"provider":"TOSS","operation":"ready","mode":"timeout","count":1}"#, "operation"),
        (#"{"provider":"TOSS","operation":"confirm","mode":"explode","count":1}"#, "mode"),
        (#"{"provider":"TOSS","operation":"confirm","mode":"slow","count":0}"#, "count"),
        (#"{"provider":"TOSS","operation":"confirm","mode":"slow"}"#, "count"),
        (#"{"provider":"CARD","operation":"confirm","mode":"slow","count":1,"delayMs":-5}"#, "delayMs"),
    ])
    func faultValidation(body: String, field: String) async throws {
        try await withGateways { harness in
            let reply = try harness.server.request("POST", "/sandbox/faults", headers: [("Content-Type", "application/json")], body: body)
            expectProblem(reply, status: 400, code: "INVALID_REQUEST")
            let errors = try reply.json()["errors"] as? [[String: Any]]
            #expect(errors?.contains { $0["field"] as? String == field } == true, "\(reply.text)")
        }
    }

    @Test("malformed fault bodies are 400 problems; DELETE clears every fault")
    func faultLifecycle() async throws {
        try await withGateways { harness in
            for body in ["{", #"{"provider":"TOSS","operation":"confirm","mode":"slow","count":"2"}"#] {
                let reply = try harness.server.request("POST", "/sandbox/faults", headers: [("Content-Type", "application/json")], body: body)
                expectProblem(reply, status: 400, code: "INVALID_REQUEST")
            }
            let armed = try harness.server.request("POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                                                   body: #"{"provider":"CARD","operation":"confirm","mode":"slow","count":3}"#)
            #expect(armed.status == 200)
            #expect(try armed.json()["delayMs"] as? Int == 1000)
            #expect(harness.sandbox.faults.take(.card, .confirm)?.mode == .slow, "the card sandbox can consult the registry")
            try harness.fault("TOSS", "confirm", "reject", count: 5)
            let cleared = try harness.server.request("DELETE", "/sandbox/faults")
            #expect(cleared.status == 204)
            #expect(harness.sandbox.faults.take(.toss, .confirm) == nil && harness.sandbox.faults.take(.card, .confirm) == nil)
        }
    }

    @Test("an approval survives a restart on the same data directory; state lives under <dataDir>/sandbox only")
    func persistence() async throws {
        let dataDir = NSTemporaryDirectory() + "marketplace-sandbox-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let order = GatewayHarness.order()
        let kakaoOrder = GatewayHarness.order()
        let (paymentKey, tid) = try await withGateways(configure: { $0.storage.dataDir = dataDir }) { harness in
            let paymentKey = try harness.tossCheckout(order)
            _ = try await harness.toss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: order.amount), idempotencyKey: "k")
            let tid = try #require(try await harness.kakaoPay.prepare(kakaoOrder).tid)
            let pgToken = try harness.kakaoCheckout(tid: tid)
            _ = try await harness.kakaoPay.confirm(kakaoOrder, proof: .kakaoPay(tid: tid, pgToken: pgToken), idempotencyKey: "k")
            return (paymentKey, tid)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dataDir + "/sandbox").sorted()
        #expect(files == ["card.journal", "kakaopay.journal", "toss.journal"])
        try await withGateways(configure: { $0.storage.dataDir = dataDir }) { harness in
            guard case .approved(let approval) = try await harness.toss.lookup(order, reference: .init(orderId: order.orderId)) else {
                Issue.record("Toss forgot the approval"); return
            }
            #expect(approval.paymentKey == paymentKey)
            let again = try await harness.toss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: order.amount), idempotencyKey: "k")
            guard case .approved = again else { Issue.record("the kept idempotent answer is gone"); return }
            let reference = PaymentReference(orderId: kakaoOrder.orderId, tid: tid)
            guard case .approved = try await harness.kakaoPay.lookup(kakaoOrder, reference: reference) else {
                Issue.record("Kakao Pay forgot the approval"); return
            }
        }
    }

    @Test("with sandbox.enabled false no /sandbox route exists; a configured baseUrl is used as given")
    func disabled() async throws {
        try await withGateways(configure: { config in
            config.sandbox.enabled = false
            config.auth.bcryptCost = 10
            config.payments.toss.baseUrl = "http://127.0.0.1:9/"
            config.payments.kakaopay.baseUrl = "http://127.0.0.1:9"
            config.payments.card.baseUrl = "http://127.0.0.1:9"
            config.payments.card.encryptionKey = Data(repeating: 7, count: 32).base64EncodedString()
        }) { harness in
            #expect(harness.server.application.sandbox == nil)
            let reply = try harness.server.request("POST", "/sandbox/faults", headers: [("Content-Type", "application/json")], body: "{}")
            #expect(reply.status == 404)
            let preparation = try await harness.toss.prepare(GatewayHarness.order())
            #expect(!preparation.checkout.contains { $0.0 == "checkoutUrl" }, "the real Toss checks out in its JS SDK")
            #expect((harness.toss as? TossPayments)?.access.baseURL() == "http://127.0.0.1:9")
        }
    }

    @Test("the sandbox routes are public and in /openapi.json under the sandbox tag")
    func openAPI() async throws {
        try await withGateways { harness in
            let document = try harness.server.request("GET", "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/sandbox/faults", "/sandbox/toss/v1/payments/confirm", "/sandbox/toss/v1/payments/{paymentKey}",
                         "/sandbox/toss/v1/payments/orders/{orderId}", "/sandbox/toss/v1/payments/{paymentKey}/cancel",
                         "/sandbox/toss/checkout", "/sandbox/toss/approve", "/sandbox/kakaopay/online/v1/payment/ready",
                         "/sandbox/kakaopay/online/v1/payment/approve", "/sandbox/kakaopay/online/v1/payment/order",
                         "/sandbox/kakaopay/online/v1/payment/cancel", "/sandbox/kakaopay/approve", "/sandbox/kakaopay/redirect",
                         "/sandbox/card/payments", "/sandbox/card/messages"] {
                let item = paths[path] as? [String: Any]
                #expect(item != nil, "\(path) is not documented")
                for case let operation as [String: Any] in item?.values.map({ $0 }) ?? [] {
                    #expect(operation["tags"] as? [String] == ["sandbox"], "\(path)")
                    #expect(operation["security"] == nil, "\(path) is public")
                }
            }
        }
    }
}
