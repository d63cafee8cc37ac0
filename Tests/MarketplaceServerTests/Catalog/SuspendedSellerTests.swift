import Foundation
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// `PATCH /admin/users/{id} {status: SUSPENDED}` of a seller: its products leave the public
/// catalog (listing, counts, categories, product pages; listing cache on), carts show them
/// unavailable, orders refuse them as hidden ones, and its webhook endpoints get nothing;
/// reinstated, all comes back as it was. On SQLite and, in the PostgreSQL run, on PostgreSQL.
@Suite("Suspended sellers")
struct SuspendedSellerTests {
    /// An admin, seller A (to be suspended) with Apple (fruit) and a hidden Plum, seller B with Pear (fruit).
    struct Shop {
        let admin: String, sellerA: String, sellerB: String, sellerAID: Int
        let apple: Int, plum: Int, pear: Int

        static func make(_ orders: OrdersHarness) async throws -> Shop {
            let admin = try await orders.auth.adminToken()
            let sellerA = try orders.seller("a@example.com"), sellerB = try orders.seller("b@example.com")
            let apple = try orders.catalog.product("Apple", category: "fruit", token: sellerA)
            let plum = try orders.catalog.product("Plum", category: "fruit", status: "HIDDEN", token: sellerA)
            let pear = try orders.catalog.product("Pear", category: "fruit", token: sellerB)
            let page = try orders.server.request("GET", "/api/v1/products/\(apple)").json()
            return Shop(admin: admin, sellerA: sellerA, sellerB: sellerB, sellerAID: try #require(page["sellerId"] as? Int),
                        apple: apple, plum: plum, pear: pear)
        }

        func setSellerA(_ status: String, _ orders: OrdersHarness) throws {
            let reply = try orders.auth.request("PATCH", "/api/v1/admin/users/\(sellerAID)", json: ["status": status], token: admin)
            #expect(reply.status == 200, "\(reply.text)")
        }
    }

    static func categories(_ orders: OrdersHarness) throws -> [String: Int] {
        let reply = try orders.server.request("GET", "/api/v1/categories")
        let list = try JSONSerialization.jsonObject(with: Data(reply.text.utf8)) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.compactMap { entry in
            (entry["name"] as? String).map { ($0, entry["productCount"] as? Int ?? -1) }
        })
    }

    @Test("the products leave listings, counts, categories and product pages, cached or not, and come back unchanged")
    func catalog() async throws {
        try await OrdersHarness.run { orders in
            let shop = try await Shop.make(orders)
            let catalog = orders.catalog
            // Cached before the suspension: each read twice, so the second is the cache's.
            for _ in 0..<2 {
                #expect(try catalog.ids() == [shop.pear, shop.apple])
                #expect(try catalog.listing("category=fruit&sort=name")["totalItems"] as? Int == 2)
                #expect(try catalog.ids("q=app") == [shop.apple])
            }
            let page = try orders.server.request("GET", "/api/v1/products/\(shop.apple)")
            #expect(page.status == 200)
            #expect(try Self.categories(orders) == ["fruit": 2])

            try shop.setSellerA("SUSPENDED", orders)
            #expect(try catalog.ids() == [shop.pear])
            #expect(try catalog.listing()["totalItems"] as? Int == 1)
            let fruit = try catalog.listing("category=fruit&sort=name")
            #expect(fruit["totalItems"] as? Int == 1 && fruit["totalPages"] as? Int == 1)
            #expect(try catalog.ids("q=app").isEmpty)
            #expect(try catalog.ids("sort=price_desc") == [shop.pear])
            let gone = try orders.server.request("GET", "/api/v1/products/\(shop.apple)")
            #expect(gone.status == 404 && gone.code == "PRODUCT_NOT_FOUND")
            #expect(try Self.categories(orders) == ["fruit": 1])
            #expect(try orders.server.request("GET", "/api/v1/products/\(shop.pear)").status == 200)

            try shop.setSellerA("ACTIVE", orders)
            #expect(try catalog.ids() == [shop.pear, shop.apple])
            #expect(try catalog.listing("category=fruit&sort=name")["totalItems"] as? Int == 2)
            let back = try orders.server.request("GET", "/api/v1/products/\(shop.apple)")
            #expect(back.status == 200 && back.text == page.text, "the same product, unchanged")
            #expect(try Self.categories(orders) == ["fruit": 2])
            // The hidden one stays hidden, as its seller left it.
            #expect(try orders.server.request("GET", "/api/v1/products/\(shop.plum)").status == 404)
            let own = try orders.get("/api/v1/seller/products/\(shop.plum)", token: try orders.auth.token("a@example.com"))
            #expect(try own.json()["status"] as? String == "HIDDEN")
        }
    }

    @Test("carts show the products unavailable; adding, setting and ordering them is refused like hidden ones, nothing reserved")
    func cartsAndOrders() async throws {
        try await OrdersHarness.run { orders in
            let shop = try await Shop.make(orders)
            let customer = try orders.customer()
            #expect(try orders.addToCart(shop.apple, 2, token: customer).status == 200)
            #expect(try orders.addToCart(shop.pear, 1, token: customer).status == 200)

            try shop.setSellerA("SUSPENDED", orders)
            let cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            let lines = cart["items"] as? [[String: Any]] ?? []
            #expect(lines.first { $0["productId"] as? Int == shop.apple }?["available"] as? Bool == false)
            #expect(lines.first { $0["productId"] as? Int == shop.pear }?["available"] as? Bool == true)
            #expect(cart["totalQuantity"] as? Int == 1 && cart["totalPrice"] as? Int == 10_000)
            let add = try orders.addToCart(shop.apple, 1, token: customer)
            #expect(add.status == 404 && add.code == "PRODUCT_NOT_FOUND")
            let set = try orders.auth.request("PATCH", "/api/v1/customer/cart/items/\(shop.apple)", json: ["quantity": 1], token: customer)
            #expect(set.status == 404 && set.code == "PRODUCT_NOT_FOUND")
            for items in [[(shop.pear, 1), (shop.apple, 1)], nil] {   // explicit lines, then the cart
                let placed = try orders.order(items, token: customer)
                #expect(placed.status == 404 && placed.code == "PRODUCT_NOT_FOUND", "\(placed.text)")
                #expect(placed.fields == ["items[\(items == nil ? 0 : 1)].productId"], "\(placed.text)")
            }
            #expect(try orders.stock(shop.pear, seller: shop.sellerB) == 5, "nothing reserved")
            #expect(try orders.get("/api/v1/customer/orders", token: customer).json()["totalItems"] as? Int == 0)

            try shop.setSellerA("ACTIVE", orders)
            let restored = try orders.get("/api/v1/customer/cart", token: customer).json()
            #expect(restored["totalQuantity"] as? Int == 3)
            #expect(try orders.order(nil, token: customer).status == 201)
            #expect(try orders.stock(shop.apple, seller: try orders.auth.token("a@example.com")) == 3)
        }
    }

    @Test("no delivery is attempted to a suspended seller's endpoint; reinstated, it gets what it missed")
    func webhooksPaused() async throws {
        let consumer = try WebhookConsumer()
        try await OrdersHarness.run(configure: WebhookDeliveryTests.configure) { orders in
            let shop = try await Shop.make(orders)
            let customer = try orders.customer()
            try WebhookDeliveryTests.register("sellerA", realm: "seller", consumer: consumer, token: shop.sellerA, orders: orders)
            try WebhookDeliveryTests.register("admin", realm: "admin", consumer: consumer, token: shop.admin, orders: orders)
            let order = try #require(try orders.placed([(shop.apple, 1)], token: customer)["id"] as? String)
            try await consumer.wait { records in records.filter { $0.type == "order.created" }.count == 2 }

            try shop.setSellerA("SUSPENDED", orders)
            // An order of the seller's changes while it is suspended: the event is for both endpoints.
            let canceled = try orders.auth.request("POST", "/api/v1/customer/orders/\(order)/cancel", json: ["reason": "changed my mind"],
                                                   token: customer)
            #expect(canceled.status == 200)
            try await consumer.wait { records in records.contains { $0.name == "admin" && $0.type == "order.canceled" } }
            // The admin's delivery was claimed and sent; the seller's, due at the same moment, was
            // not even claimed: PENDING, no attempt, no lease.
            let waiting = try await Self.delivery(of: "order.canceled", to: "sellerA", consumer: consumer, orders: orders)
            #expect(waiting?.status == "PENDING" && waiting?.attempts == 0 && waiting?.leased == false, "\(String(describing: waiting))")
            #expect(!consumer.records().contains { $0.name == "sellerA" && $0.type == "order.canceled" })

            try shop.setSellerA("ACTIVE", orders)
            let records = try await consumer.wait { records in records.contains { $0.name == "sellerA" && $0.type == "order.canceled" } }
            let delivered = try #require(records.first { $0.name == "sellerA" && $0.type == "order.canceled" })
            #expect(delivered.verified && delivered.orderID == order)
            // The consumer sees the POST before the server records its 2xx: wait for the record.
            try await waitUntil("the seller's delivery is recorded SUCCEEDED") {
                try await Self.delivery(of: "order.canceled", to: "sellerA", consumer: consumer, orders: orders)?.status == "SUCCEEDED"
            }
        }
    }

    /// The delivery of the event of `type` to the endpoint at the consumer's `name`, as stored.
    static func delivery(of type: String, to name: String, consumer: WebhookConsumer, orders: OrdersHarness) async throws
        -> (status: String, attempts: Int, leased: Bool)? {
        let url = consumer.url(name)
        return try await orders.server.application.database.read { connection in
            try connection.queryRow("""
                SELECT d.status, d.attempts, d.leased_until IS NOT NULL FROM webhook_deliveries d
                JOIN webhook_endpoints w ON w.id = d.endpoint_id JOIN events e ON e.id = d.event_id
                WHERE w.url = ? AND e.type = ?
                """, url, type).map { (try $0.string(0), try $0.int(1), try $0.bool(2)) }
        }
    }
}
