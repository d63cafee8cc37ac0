import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Orders: unpaid orders expire")
struct OrderExpiryTests {
    @Test("past orders.paymentTimeout an unpaid order becomes EXPIRED by system, its payment EXPIRED, its stock back once")
    func expiresOnce() async throws {
        try await OrdersHarness.run(configure: { $0.orders.paymentTimeout = 60 }) { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let product = try orders.product("Thing", stock: 5, token: seller)
            let order = try orders.placed([(product, 3)], token: customer)
            let id = try #require(order["id"] as? String)
            let service = orders.server.application.orders.orders
            #expect(try await service.expireDue() == 0)
            orders.clock.advance(by: 59)
            #expect(try await service.expireDue() == 0)
            orders.clock.advance(by: 1)
            // Two sweeps racing: exactly one wins each order.
            async let first = service.expireDue()
            async let second = service.expireDue()
            #expect(try await first + second == 1)
            let expired = try orders.get("/api/v1/customer/orders/\(id)", token: customer).json()
            #expect(expired["status"] as? String == "EXPIRED")
            #expect((expired["payment"] as? [String: Any])?["status"] as? String == "EXPIRED")
            let history = try #require(expired["history"] as? [[String: Any]])
            #expect(history.map { $0["status"] as? String } == ["PENDING_PAYMENT", "EXPIRED"])
            #expect(history.last?["by"] as? String == "system")
            #expect(try orders.stock(product, seller: seller) == 5)
            #expect(try await service.expireDue() == 0)
            #expect(try orders.stock(product, seller: seller) == 5)
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: ["reason": "x"],
                                                  token: customer), status: 409, code: "NOT_CANCELABLE")
        }
    }

    @Test("the background worker expires a due order on its own once woken (as placing an order wakes it)")
    func workerExpires() async throws {
        try await OrdersHarness.run(configure: { $0.orders.paymentTimeout = 5 }) { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let product = try orders.product("Thing", stock: 2, token: seller)
            let id = try #require(try orders.placed([(product, 2)], token: customer)["id"] as? String)
            orders.clock.advance(by: 6)
            orders.server.application.orders.expiry.wake()
            var status: String?
            for _ in 0..<100 {
                status = try orders.get("/api/v1/customer/orders/\(id)", token: customer).json()["status"] as? String
                if status == "EXPIRED" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(status == "EXPIRED")
            #expect(try orders.stock(product, seller: seller) == 2)
        }
    }

    @Test("an order placed before a restart expires after it: the real binary, stopped, then started on the same data")
    func expiresAcrossRestart() async throws {
        try await offPool {
            let environment = ["MARKETPLACE_ORDERS_PAYMENT_TIMEOUT": "2", "MARKETPLACE_AUTH_BCRYPT_COST": "4",
                               "MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION": "false"]
            let first = try ServerProcess(environment: environment)
            let dataDir = first.workDir.appending(path: "data").path()
            let port = try #require(first.port(from: try first.firstLine(timeout: 20)))
            let seller = try signUpAndLogIn(port: port, email: "seller@example.com", role: "SELLER")
            let customer = try signUpAndLogIn(port: port, email: "customer@example.com")
            let created = try jsonRequest(port: port, "POST", "/api/v1/seller/products",
                                          CatalogHarness.fields("Thing", stock: 4), token: seller)
            let product = try #require(try created.json()["id"] as? Int)
            let placed = try jsonRequest(port: port, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody([(product, 3)]),
                                         token: customer)
            #expect(placed.status == 201)
            let id = try #require(try placed.json()["id"] as? String)
            let placedAt = Date()
            first.send(SIGTERM)
            #expect(first.waitForExit(timeout: 10) == 0)
            let stoppedAfter = Date().timeIntervalSince(placedAt)

            // The order falls due while no server runs (its expiresAt, from the answer).
            let format = ISO8601DateFormatter()
            format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let expiresAt = try #require((try placed.json()["expiresAt"] as? String).flatMap { format.date(from: $0) })
            try await waitUntil("the order is due", timeout: 10) { Date() > expiresAt.addingTimeInterval(0.2) }
            let second = try ServerProcess(arguments: ["--data-dir", dataDir], environment: environment)
            let secondPort = try #require(second.port(from: try second.firstLine(timeout: 20)))
            var order: [String: Any] = [:]
            for _ in 0..<100 {
                order = try jsonRequest(port: secondPort, "GET", "/api/v1/customer/orders/\(id)", nil, token: customer).json()
                if order["status"] as? String == "EXPIRED" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(order["status"] as? String == "EXPIRED")
            let history = (order["history"] as? [[String: Any]] ?? []).map { $0["status"] as? String }
            #expect(history == ["PENDING_PAYMENT", "EXPIRED"])
            let stock = try jsonRequest(port: secondPort, "GET", "/api/v1/seller/products/\(product)", nil, token: seller).json()
            #expect(stock["stock"] as? Int == 4)
            // Honest only if the first process stopped before the order fell due.
            #expect(stoppedAfter < 2, "the first server took \(stoppedAfter) s to stop; it may have expired the order itself")
            second.send(SIGTERM)
            #expect(second.waitForExit(timeout: 10) == 0)
        }
    }
}
