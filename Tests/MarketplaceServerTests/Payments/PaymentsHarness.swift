import Gateways
import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Orders with real payments: a seller's products, a customer, the sandboxes playing the
/// customer's browser (`/sandbox/toss/approve`, `/sandbox/kakaopay/approve`), faults, and the
/// sandboxes' own records read from their state. The clock is a `TestClock`: recovery is
/// driven by advancing it and waking the worker, so no test sleeps through a backoff.
struct PaymentsHarness {
    let orders: OrdersHarness
    let seller: String
    let customer: String
    var server: TestServer { orders.server }
    var clock: TestClock { orders.clock }
    var sandbox: SandboxComponents { server.application.sandbox! }

    /// A server with `gatewayTimeout` (short only where a test waits for a timeout: every
    /// other gateway call of the test gets the same limit, and this machine is shared), recovery
    /// every second, 3 attempts; a seller and a customer.
    static func run<T>(gatewayTimeout: Int = 10, configure: @escaping (inout AppConfig) -> Void = { _ in },
                       _ body: (PaymentsHarness) async throws -> T) async throws -> T {
        try await OrdersHarness.run(configure: { config in
            config.payments.gatewayTimeout = gatewayTimeout
            config.payments.recoveryInterval = 1
            config.payments.recoveryMaxAttempts = 3
            configure(&config)
        }) { orders in
            try await body(PaymentsHarness(orders: orders, seller: try orders.seller(), customer: try orders.customer()))
        }
    }

    func product(_ name: String = "Keyboard", price: Int = 10_000, stock: Int = 5, taxFree: Bool = false) throws -> Int {
        try orders.product(name, price: price, stock: stock, taxFree: taxFree, token: seller)
    }

    func stock(_ product: Int) throws -> Int { try orders.stock(product, seller: seller) }

    /// Places an order; returns its JSON.
    func place(_ items: [(Int, Int)], provider: String = "TOSS", token: String? = nil) throws -> [String: Any] {
        try orders.placed(items, provider: provider, token: token ?? customer)
    }

    /// What the browser brings back after paying: Toss `{paymentKey, amount}`, Kakao `{pgToken}`.
    func approve(_ order: [String: Any]) throws -> [String: Any] {
        let payment = try #require(order["payment"] as? [String: Any])
        if payment["provider"] as? String == "KAKAOPAY" {
            let tid = try #require(payment["tid"] as? String)
            let reply = try server.request("POST", "/sandbox/kakaopay/approve", headers: [("Content-Type", "application/json")],
                                           body: #"{"tid":"\#(tid)"}"#)
            #expect(reply.status == 200, "\(reply.text)")
            return ["pgToken": try #require(try reply.json()["pgToken"] as? String)]
        }
        let amount = try #require(payment["amount"] as? Int)
        let taxFree = payment["taxFreeAmount"] as? Int ?? 0
        let id = try #require(order["id"] as? String)
        let reply = try server.request("POST", "/sandbox/toss/approve", headers: [("Content-Type", "application/json")],
                                       body: #"{"orderId":"\#(id)","amount":\#(amount),"orderName":"x","taxFreeAmount":\#(taxFree)}"#)
        #expect(reply.status == 200, "\(reply.text)")
        return ["paymentKey": try #require(try reply.json()["paymentKey"] as? String), "amount": amount]
    }

    func confirm(_ id: String, _ body: [String: Any], token: String? = nil, key: String? = nil) throws -> TestClient.Reply {
        // Sorted keys: an Idempotency-Key replay must send byte-identical JSON.
        let raw = String(decoding: try JSONSerialization.data(withJSONObject: body, options: .sortedKeys), as: UTF8.self)
        return try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/payment/confirm", raw: raw, token: token ?? customer,
                                       headers: key.map { [("Idempotency-Key", $0)] } ?? [])
    }

    /// Places, approves at the sandbox and confirms; returns the paid order's JSON.
    func paid(_ items: [(Int, Int)], provider: String = "TOSS") throws -> [String: Any] {
        let order = try place(items, provider: provider)
        let id = try #require(order["id"] as? String)
        let reply = try confirm(id, try approve(order))
        #expect(reply.status == 200, "\(reply.text)")
        return try reply.json()
    }

    func order(_ id: String) throws -> [String: Any] {
        let reply = try orders.get("/api/v1/customer/orders/\(id)", token: customer)
        #expect(reply.status == 200, "\(reply.text)")
        return try reply.json()
    }

    func fault(_ provider: String, _ operation: String, _ mode: String, count: Int = 1, delayMs: Int? = nil) throws {
        let delay = delayMs.map { #","delayMs":\#($0)"# } ?? ""
        let reply = try server.request("POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                                       body: #"{"provider":"\#(provider)","operation":"\#(operation)","mode":"\#(mode)","count":\#(count)\#(delay)}"#)
        #expect(reply.status == 200, "\(reply.text)")
    }

    /// Moves the clock past the next attempt and runs the worker until the payment leaves
    /// IN_PROGRESS/UNKNOWN (or `rounds` pass); returns the order.
    func recover(_ id: String, rounds: Int = 40, step: Double = 2) async throws -> [String: Any] {
        var order: [String: Any] = [:]
        for _ in 0..<rounds {
            clock.advance(by: step)
            _ = try await server.application.orders.payments.recoverDue()
            order = try self.order(id)
            let status = (order["payment"] as? [String: Any])?["status"] as? String
            if status != "UNKNOWN" && status != "IN_PROGRESS" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return order
    }

    // MARK: The sandboxes' own records

    /// Toss's confirmed payment of the order (status, balance, cancels), if any.
    func tossRecord(_ orderId: String) -> TossSandboxState.Payment? {
        sandbox.toss.store.read { state in state.confirmedOrders[orderId].flatMap { state.payments[$0] } }
    }

    /// Kakao's payment of the order.
    func kakaoRecord(_ orderId: String) -> KakaoPaySandboxState.Payment? {
        sandbox.kakaoPay.store.read { state in state.payments.values.first { $0.partnerOrderId == orderId } }
    }

    func admin() async throws -> String { try await orders.auth.adminToken() }
}

extension [String: Any] {
    var payment: [String: Any] { self["payment"] as? [String: Any] ?? [:] }
    var status: String? { self["status"] as? String }
    var historyStatuses: [String] { (self["history"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String } }
}
