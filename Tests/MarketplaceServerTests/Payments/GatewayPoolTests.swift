import Foundation
import Marketplace
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The gateways' connection pool under a burst (issue #16): real parallel confirms, each on
/// its own connection and thread, against the Toss sandbox answering each call in 0.8 s.
@Suite("Payments: the gateway pool under 100 parallel confirms")
struct GatewayPoolTests {
    @Test("100 customers confirm at once against a 0.8 s gateway: all 200 PAID within a few seconds")
    func hundredParallelConfirms() async throws {
        // A 3 s gateway timeout: a pool that ran ~6 calls at a time (URLSession's per-host
        // limit) would need ~13 s and turn most confirms into 202 UNKNOWN.
        try await PaymentsHarness.run(gatewayTimeout: 3) { payments in
            let customers = try await payments.orders.customers(100)
            let product = try payments.product("Popular", price: 10_000, stock: 100)
            var ids: [String] = [], bodies: [String] = []
            for customer in customers {
                let order = try payments.place([(product, 1)], token: customer)
                ids.append(try #require(order["id"] as? String))
                bodies.append(AuthHarness.encode(try payments.approve(order)))
            }
            let paths = ids.map { "/api/v1/customer/orders/\($0)/payment/confirm" }, confirmBodies = bodies
            try payments.fault("TOSS", "confirm", "slow", count: 100, delayMs: 800)
            let port = payments.server.port
            let statuses = Mutex([String: Int]())
            let sample = Mutex("")
            let started = ContinuousClock.now
            onThreads(customers.count) { index in
                let reply = try? TestClient(port: port).request(
                    "POST", paths[index], headers: [("Authorization", "Bearer \(customers[index])"), ("Content-Type", "application/json")],
                    body: confirmBodies[index], timeout: 30)
                let key = "\(reply?.status ?? -1) \((try? reply?.json()["status"] as? String) ?? "-")"
                statuses.withLock { $0[key, default: 0] += 1 }
                if reply?.status != 200 { sample.withLock { $0 = reply?.text ?? "no reply" } }
            }
            let seconds = started.duration(to: .now)
            #expect(statuses.withLock { $0 } == ["200 PAID": 100], "\(sample.withLock { $0 })")
            // 64 calls at once, then 36: about 1.6 s of gateway time, plus this loaded machine.
            #expect(seconds < .seconds(6), "took \(seconds)")
        }
    }
}

