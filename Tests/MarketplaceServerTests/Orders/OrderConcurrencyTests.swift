import Foundation
import Marketplace
import Storage
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Real parallel HTTP requests, each on its own connection and thread.
@Suite("Orders: stock under concurrent orders")
struct OrderConcurrencyTests {
    @Test("200 customers race for 50 units, three times: exactly 50 orders, 150 × 409, stock 0, never negative")
    func twoHundredCustomersFiftyUnits() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customers = try await orders.customers(200)
            let port = orders.server.port
            for round in 0..<3 {
                let product = try orders.product("Limited \(round)", stock: 50, token: seller)
                let statuses = Mutex([Int: Int]())
                let codes = Mutex(Set<String>())
                onThreads(customers.count) { index in
                    let reply = try? jsonRequest(port: port, "POST", "/api/v1/customer/orders",
                                                 OrdersHarness.orderBody([(product, 1)]), token: customers[index])
                    statuses.withLock { $0[reply?.status ?? -1, default: 0] += 1 }
                    if let code = reply?.code { codes.withLock { _ = $0.insert(code) } }
                }
                let counts = statuses.withLock { $0 }
                #expect(counts[201] == 50, "round \(round): \(counts)")
                #expect(counts[409] == 150, "round \(round): \(counts)")
                #expect(codes.withLock { $0 } == ["INSUFFICIENT_STOCK"])
                #expect(try orders.stock(product, seller: seller) == 0)
                #expect(try await orders.reserved(product) == 50)
                let negative = try await orders.server.application.database.read { connection in
                    try connection.queryRow("SELECT count(*) FROM products WHERE stock < 0")?.int(0) ?? -1
                }
                #expect(negative == 0)
            }
            #expect(orders.server.application.orders.locks.activeKeys == 0)
        }
    }

    @Test("100 concurrent orders over random pairs of 5 products: no deadlock, no timeout, stock + reserved = initial")
    func randomPairsNeverDeadlock() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customers = try await orders.customers(20)
            let initial = 60
            let products = try (0..<5).map { try orders.product("Pair \($0)", stock: initial, token: seller) }
            let port = orders.server.port
            let statuses = Mutex([Int: Int]())
            let started = Date()
            onThreads(100) { index in
                var generator = SystemRandomNumberGenerator()
                let pair = products.shuffled(using: &generator).prefix(2)
                // Both orders of the pair appear in either order in the request, so locks must sort them.
                let items = pair.map { ($0, Int.random(in: 1...3, using: &generator)) }
                let reply = try? jsonRequest(port: port, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody(items),
                                             token: customers[index % customers.count], timeout: 20)
                statuses.withLock { $0[reply?.status ?? -1, default: 0] += 1 }
            }
            let elapsed = Date().timeIntervalSince(started)
            let counts = statuses.withLock { $0 }
            #expect(counts[-1] == nil, "timeouts or broken connections: \(counts)")
            #expect((counts[201] ?? 0) + (counts[409] ?? 0) == 100, "\(counts)")
            #expect(elapsed < 20)
            for product in products {
                let stock = try orders.stock(product, seller: seller)
                let reserved = try await orders.reserved(product)
                #expect(stock >= 0)
                #expect(stock + reserved == initial, "product \(product): stock \(stock) + reserved \(reserved)")
            }
            #expect(orders.server.application.orders.locks.activeKeys == 0)
        }
    }

    @Test("with orders.stockLocks global (the benchmark's comparison) 60 parallel orders still leave stock + reserved = initial")
    func globalLockMode() async throws {
        try await OrdersHarness.run(configure: { $0.orders.stockLocks = "global" }) { orders in
            #expect(orders.server.application.orders.locks.mode == .global)
            let seller = try orders.seller()
            let customers = try await orders.customers(60)
            let products = try (0..<3).map { try orders.product("Global \($0)", stock: 30, token: seller) }
            let port = orders.server.port
            let statuses = Mutex([Int: Int]())
            onThreads(60) { index in
                let items = [(products[index % 3], 1), (products[(index + 1) % 3], 1)]
                let reply = try? jsonRequest(port: port, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody(items),
                                             token: customers[index])
                statuses.withLock { $0[reply?.status ?? -1, default: 0] += 1 }
            }
            let counts = statuses.withLock { $0 }
            #expect((counts[201] ?? 0) + (counts[409] ?? 0) == 60, "\(counts)")
            #expect((counts[201] ?? 0) >= 30, "at least 30 orders fit (90 units, 2 a order): \(counts)")
            for product in products {
                #expect(try orders.stock(product, seller: seller) + (try await orders.reserved(product)) == 30)
            }
        }
    }

    @Test("a customer cancelling orders while others order the same products: stock + reserved = initial")
    func cancelWhileOrdering() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customers = try await orders.customers(21)
            let initial = 40
            let products = try (0..<3).map { try orders.product("Shared \($0)", stock: initial, token: seller) }
            let canceller = customers[20]
            // The canceller holds 10 orders of 1 unit of each product, and cancels them all while others order.
            var held: [String] = []
            for _ in 0..<10 {
                held.append(try #require(try orders.placed(products.map { ($0, 1) }, token: canceller)["id"] as? String))
            }
            let port = orders.server.port
            let statuses = Mutex([Int: Int]())
            let heldOrders = held
            onThreads(70) { index in
                let reply: TestClient.Reply?
                if index < 10 {
                    // Half whole, half partial (one product) cancels.
                    let body: [String: Any] = index % 2 == 0 ? ["reason": "changed my mind"]
                        : ["reason": "one less", "items": [["productId": products[index % 3], "quantity": 1]]]
                    reply = try? jsonRequest(port: port, "POST", "/api/v1/customer/orders/\(heldOrders[index])/cancel", body, token: canceller)
                    statuses.withLock { $0[reply?.status == 200 ? 200 : -(reply?.status ?? 1), default: 0] += 1 }
                } else {
                    var generator = SystemRandomNumberGenerator()
                    let items = products.shuffled(using: &generator).prefix(2).map { ($0, 1) }
                    reply = try? jsonRequest(port: port, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody(items),
                                             token: customers[index % 20])
                    statuses.withLock { $0[reply?.status ?? -1, default: 0] += 1 }
                }
            }
            let counts = statuses.withLock { $0 }
            #expect(counts[200] == 10, "every cancel succeeds: \(counts)")
            #expect((counts[201] ?? 0) + (counts[409] ?? 0) == 60, "\(counts)")
            for product in products {
                let stock = try orders.stock(product, seller: seller)
                let reserved = try await orders.reserved(product)
                #expect(stock >= 0)
                #expect(stock + reserved == initial, "product \(product): stock \(stock) + reserved \(reserved)")
            }
        }
    }
}
