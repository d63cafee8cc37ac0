import Gateways
import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// A server with the sandboxes on, plus helpers that play
/// the customer's browser (the sandboxes' approve routes) and arm faults.
struct GatewayHarness {
    let server: TestServer

    var toss: any PaymentGateway { server.application.payments.adapters[.toss]! }
    var kakaoPay: any PaymentGateway { server.application.payments.adapters[.kakaoPay]! }
    var sandbox: SandboxComponents { server.application.sandbox! }
    var base: String { "http://127.0.0.1:\(server.port)" }

    /// Adapters like the application's but with a 10 s client: for the calls around a faulted
    /// one, which must not time out on a loaded machine when `gatewayTimeout` is short.
    var patientToss: any PaymentGateway {
        let config = server.application.config.payments.toss
        return TossPayments(access: patientAccess((toss as! TossPayments).access), clientKey: config.clientKey,
                            secretKey: config.secretKey)
    }

    var patientKakaoPay: any PaymentGateway {
        let config = server.application.config.payments.kakaopay
        return KakaoPay(access: patientAccess((kakaoPay as! KakaoPay).access), cid: config.cid, secretKey: config.secretKey)
    }

    private func patientAccess(_ access: GatewayAccess) -> GatewayAccess {
        GatewayAccess(baseURL: access.baseURL, publicBaseURL: access.publicBaseURL, sandbox: access.sandbox,
                      client: try! OutboundHTTPClient.gateway(timeoutSeconds: 10))
    }

    static func order(amount: Int64 = 15_000, taxFree: Int64 = 0, quantity: Int = 1) -> PaymentOrder {
        let taxable = amount - taxFree
        return PaymentOrder(orderId: "ord_" + UUID().uuidString.prefix(12).lowercased(), orderName: "Keyboard and 2 more",
                            customerId: UserID(rawValue: 7), amount: amount, taxFreeAmount: taxFree, vat: (2 * taxable + 11) / 22,
                            quantity: quantity)
    }

    /// What Toss's checkout redirect carries: a fresh paymentKey for the order.
    func tossCheckout(_ order: PaymentOrder, amount: Int64? = nil) throws -> String {
        let reply = try server.request("POST", "/sandbox/toss/approve", headers: [("Content-Type", "application/json")],
                                       body: #"{"orderId":"\#(order.orderId)","amount":\#(amount ?? order.amount),"orderName":"x"}"#)
        #expect(reply.status == 200, "\(reply.text)")
        let json = try reply.json()
        #expect(json["orderId"] as? String == order.orderId)
        return try #require(json["paymentKey"] as? String)
    }

    /// The pg_token Kakao's approval redirect carries.
    func kakaoCheckout(tid: String) throws -> String {
        let reply = try server.request("POST", "/sandbox/kakaopay/approve", headers: [("Content-Type", "application/json")],
                                       body: #"{"tid":"\#(tid)"}"#)
        #expect(reply.status == 200, "\(reply.text)")
        return try #require(try reply.json()["pgToken"] as? String)
    }

    func fault(_ provider: String, _ operation: String, _ mode: String, count: Int = 1, delayMs: Int? = nil) throws {
        let delay = delayMs.map { #","delayMs":\#($0)"# } ?? ""
        let reply = try server.request("POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                                       body: #"{"provider":"\#(provider)","operation":"\#(operation)","mode":"\#(mode)","count":\#(count)\#(delay)}"#)
        #expect(reply.status == 200, "\(reply.text)")
    }

    /// Basic auth of the configured Toss secret key.
    var tossAuthorization: (String, String) {
        ("Authorization", "Basic " + Data((server.application.config.payments.toss.secretKey + ":").utf8).base64EncodedString())
    }

    var kakaoAuthorization: (String, String) {
        ("Authorization", "SECRET_KEY " + server.application.config.payments.kakaopay.secretKey)
    }
}

/// Runs `body` against a fresh server with the sandboxes. `gatewayTimeout` is short where a
/// test waits for timeouts, and roomy elsewhere so that a loaded machine does not fail a call.
func withGateways<T>(gatewayTimeout: Int = 10, configure: (inout AppConfig) -> Void = { _ in },
                     extraRoutes: (inout Router) -> Void = { _ in },
                     _ body: (GatewayHarness) async throws -> T) async throws -> T {
    try await offPool {
        let server = try TestServer(configure: { config in
            config.payments.gatewayTimeout = gatewayTimeout
            configure(&config)
        }, extraRoutes: extraRoutes)
        do {
            let result = try await body(GatewayHarness(server: server))
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

/// Seconds an async call takes.
func elapsed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    let duration = ContinuousClock.now - start
    return (value, Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
}
