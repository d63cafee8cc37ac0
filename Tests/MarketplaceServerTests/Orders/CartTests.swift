import Foundation
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Cart: add, set, remove, clear and live view")
struct CartTests {
    @Test("adding accumulates, PATCH sets, DELETE removes, DELETE /cart empties; the view has live prices and totals")
    func lifecycle() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let pen = try orders.product("Pen", price: 1_500, stock: 20, token: seller)
            let ink = try orders.product("Ink", price: 3_000, stock: 20, token: seller)

            #expect(try orders.addToCart(pen, 2, token: customer).status == 200)
            let added = try orders.addToCart(pen, 3, token: customer)
            #expect(added.status == 200)
            #expect(added.header("Cache-Control") == "no-store")
            var cart = try added.json()
            var items = try #require(cart["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items[0]["quantity"] as? Int == 5)
            #expect(items[0]["subtotal"] as? Int == 7_500)
            #expect(Set(items[0].keys) == ["productId", "name", "price", "quantity", "subtotal", "available", "thumbnailUrl"])

            _ = try orders.addToCart(ink, 1, token: customer)
            let set = try orders.auth.request("PATCH", "/api/v1/customer/cart/items/\(pen)", json: ["quantity": 1], token: customer)
            #expect(set.status == 200)
            cart = try set.json()
            #expect(cart["totalQuantity"] as? Int == 2)
            #expect(cart["totalPrice"] as? Int == 4_500)

            // A live price: the seller raises it, the cart shows the new one.
            _ = try orders.auth.request("PATCH", "/api/v1/seller/products/\(ink)", json: ["price": 3_300], token: seller)
            cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            #expect(cart["totalPrice"] as? Int == 4_800)

            let removed = try orders.auth.request("DELETE", "/api/v1/customer/cart/items/\(pen)", token: customer)
            #expect(removed.status == 200)
            items = try #require(try removed.json()["items"] as? [[String: Any]])
            #expect(items.map { $0["productId"] as? Int } == [ink])
            expectProblem(try orders.auth.request("DELETE", "/api/v1/customer/cart/items/\(pen)", token: customer),
                          status: 404, code: "CART_ITEM_NOT_FOUND")

            #expect(try orders.auth.request("DELETE", "/api/v1/customer/cart", token: customer).status == 204)
            cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            #expect((cart["items"] as? [Any])?.isEmpty == true)
            #expect(cart["totalPrice"] as? Int == 0)
        }
    }

    @Test("hidden products stay in the cart with available false, out of the totals; deleted ones leave every cart; new adds are 404")
    func unavailableLines() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let other = try orders.customer("other@example.com")
            let hidden = try orders.product("Hidden later", price: 1_000, token: seller)
            let deleted = try orders.product("Deleted later", price: 2_000, token: seller)
            let kept = try orders.product("Kept", price: 4_000, stock: 3, token: seller)
            for product in [hidden, deleted, kept] { _ = try orders.addToCart(product, 1, token: customer) }
            _ = try orders.addToCart(deleted, 2, token: other)
            _ = try orders.auth.request("PATCH", "/api/v1/seller/products/\(hidden)", json: ["status": "HIDDEN"], token: seller)
            _ = try orders.auth.request("DELETE", "/api/v1/seller/products/\(deleted)", token: seller)

            let cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            let items = try #require(cart["items"] as? [[String: Any]])
            #expect(items.map { $0["productId"] as? Int } == [hidden, kept], "the deleted product left the cart")
            #expect(items.map { $0["available"] as? Bool } == [false, true])
            #expect(cart["totalPrice"] as? Int == 4_000)
            #expect(cart["totalQuantity"] as? Int == 1)
            let others = try orders.get("/api/v1/customer/cart", token: other).json()
            #expect((others["items"] as? [Any])?.isEmpty == true, "and every other cart: \(others)")

            expectProblem(try orders.addToCart(hidden, 1, token: customer), status: 404, code: "PRODUCT_NOT_FOUND")
            expectProblem(try orders.addToCart(deleted, 1, token: customer), status: 404, code: "PRODUCT_NOT_FOUND")
            expectProblem(try orders.addToCart(999_999, 1, token: customer), status: 404, code: "PRODUCT_NOT_FOUND")
            expectProblem(try orders.auth.request("PATCH", "/api/v1/customer/cart/items/\(hidden)", json: ["quantity": 1],
                                                  token: customer), status: 404, code: "PRODUCT_NOT_FOUND")
            // Removing an unavailable line works.
            #expect(try orders.auth.request("DELETE", "/api/v1/customer/cart/items/\(hidden)", token: customer).status == 200)
            // A line whose stock dropped below its quantity is unavailable too.
            _ = try orders.addToCart(kept, 2, token: customer)
            _ = try orders.auth.request("PATCH", "/api/v1/seller/products/\(kept)", json: ["stock": 1], token: seller)
            let after = try orders.get("/api/v1/customer/cart", token: customer).json()
            #expect((after["items"] as? [[String: Any]])?.last?["available"] as? Bool == false)
        }
    }

    @Test("quantity limits, stock, bad bodies and another line's absence answer clear problems and change nothing")
    func limits() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let product = try orders.product("Mug", stock: 200, token: seller)
            let scarce = try orders.product("Rare", stock: 2, token: seller)

            for quantity in [0, -1, 100] {
                let reply = try orders.addToCart(product, quantity, token: customer)
                expectProblem(reply, status: 400, code: "INVALID_REQUEST")
                #expect(reply.fields == ["quantity"])
            }
            let missing = try orders.auth.request("POST", "/api/v1/customer/cart/items", json: ["quantity": 1], token: customer)
            expectProblem(missing, status: 400, code: "INVALID_REQUEST")
            #expect(missing.fields == ["productId"])
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/cart/items", json: ["productId": "x", "quantity": 1],
                                                  token: customer), status: 400, code: "INVALID_REQUEST")
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/cart/items", raw: "{", token: customer),
                          status: 400, code: "INVALID_REQUEST")

            #expect(try orders.addToCart(product, 60, token: customer).status == 200)
            let over = try orders.addToCart(product, 40, token: customer)   // 100 > 99
            expectProblem(over, status: 400, code: "INVALID_REQUEST")
            expectProblem(try orders.addToCart(scarce, 3, token: customer), status: 409, code: "INSUFFICIENT_STOCK")
            expectProblem(try orders.auth.request("PATCH", "/api/v1/customer/cart/items/\(product)", json: ["quantity": 100],
                                                  token: customer), status: 400, code: "INVALID_REQUEST")
            expectProblem(try orders.auth.request("PATCH", "/api/v1/customer/cart/items/\(scarce)", json: ["quantity": 1],
                                                  token: customer), status: 404, code: "CART_ITEM_NOT_FOUND")
            let cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            let items = try #require(cart["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items[0]["quantity"] as? Int == 60)

            let big = "{\"productId\": \(product), \"quantity\": 1, \"pad\": \"" + String(repeating: "x", count: 5_000) + "\"}"
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/cart/items", raw: big, token: customer),
                          status: 413, code: "PAYLOAD_TOO_LARGE")
        }
    }

    @Test("a cart holds at most 100 lines: the 101st is 409 CART_LIMIT_REACHED; sellers and anonymous callers are refused")
    func lineLimitAndRealm() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            var products: [Int] = []
            for index in 0...100 { products.append(try orders.product("Item \(index)", stock: 5, token: seller)) }
            for product in products.prefix(100) { #expect(try orders.addToCart(product, 1, token: customer).status == 200) }
            expectProblem(try orders.addToCart(products[100], 1, token: customer), status: 409, code: "CART_LIMIT_REACHED")
            // An existing line may still grow.
            #expect(try orders.addToCart(products[0], 1, token: customer).status == 200)

            expectProblem(try orders.get("/api/v1/customer/cart", token: seller), status: 403, code: "FORBIDDEN_ROLE")
            #expect(try orders.auth.request("GET", "/api/v1/customer/cart").status == 401)
        }
    }

    @Test("20 parallel adds of new products to a cart of 95 lines: exactly 5 pass, the rest are CART_LIMIT_REACHED")
    func lineLimitUnderConcurrency() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let products = try (0..<115).map { try orders.product("Item \($0)", stock: 5, token: seller) }
            for product in products.prefix(95) { #expect(try orders.addToCart(product, 1, token: customer).status == 200) }
            let port = orders.server.port
            let statuses = Mutex([Int: Int]())
            let codes = Mutex(Set<String>())
            onThreads(20) { index in
                let reply = try? jsonRequest(port: port, "POST", "/api/v1/customer/cart/items",
                                             ["productId": products[95 + index], "quantity": 1], token: customer)
                statuses.withLock { $0[reply?.status ?? -1, default: 0] += 1 }
                if let code = reply?.code { codes.withLock { _ = $0.insert(code) } }
            }
            let counts = statuses.withLock { $0 }
            #expect(counts[200] == 5 && counts[409] == 15, "\(counts)")
            #expect(codes.withLock { $0 } == ["CART_LIMIT_REACHED"])
            let cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            #expect((cart["items"] as? [Any])?.count == 100)
        }
    }
}
