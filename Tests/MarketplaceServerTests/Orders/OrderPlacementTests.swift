import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Orders: placement, all or nothing")
struct OrderPlacementTests {
    @Test("ordering the cart reserves every line, snapshots it, follows §6's VAT rule and returns a READY TOSS checkout")
    func fromCart() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let book = try orders.product("Book", price: 15_000, stock: 10, taxFree: true, token: seller)
            let lamp = try orders.product("Lamp", price: 33_333, stock: 4, token: seller)
            _ = try orders.addToCart(book, 2, token: customer)
            _ = try orders.addToCart(lamp, 3, token: customer)

            let reply = try orders.order(nil, token: customer)
            #expect(reply.status == 201)
            let order = try reply.json()
            let id = try #require(order["id"] as? String)
            #expect(id.hasPrefix("ord_") && id.count == 26)
            #expect(reply.header("Location") == "/api/v1/customer/orders/\(id)")
            #expect(Set(order.keys) == ["id", "customerId", "status", "items", "totalAmount", "taxFreeAmount", "vat", "canceledAmount",
                                        "shippingAddress", "trackingNumber", "createdAt", "updatedAt", "expiresAt", "payment", "history"])
            #expect(order["status"] as? String == "PENDING_PAYMENT")
            // 2 × 15,000 tax-free + 3 × 33,333 taxable = 30,000 + 99,999; VAT round(99,999 / 11) = 9,091 (9,090.8…).
            #expect(order["totalAmount"] as? Int == 129_999)
            #expect(order["taxFreeAmount"] as? Int == 30_000)
            #expect(order["vat"] as? Int == 9_091)
            #expect(order["canceledAmount"] as? Int == 0)
            let items = try #require(order["items"] as? [[String: Any]])
            #expect(items.map { $0["name"] as? String } == ["Book", "Lamp"])
            #expect(items[0]["taxFree"] as? Bool == true && items[0]["subtotal"] as? Int == 30_000)
            #expect(items.allSatisfy { $0["status"] as? String == "ORDERED" && $0["sellerId"] as? Int != nil })
            #expect((order["shippingAddress"] as? [String: Any])?["phone"] as? String == "01012345678")
            let payment = try #require(order["payment"] as? [String: Any])
            #expect(payment["status"] as? String == "READY")
            #expect(payment["provider"] as? String == "TOSS")
            #expect(payment["orderId"] as? String == id)
            #expect(payment["amount"] as? Int == 129_999 && payment["vat"] as? Int == 9_091)
            #expect(payment["taxFreeAmount"] as? Int == 30_000 && payment["balanceAmount"] as? Int == 129_999)
            #expect((payment["cancels"] as? [Any])?.isEmpty == true && payment["attempts"] as? Int == 0)
            let checkout = try #require(payment["checkout"] as? [String: Any])
            #expect(Set(checkout.keys) == ["clientKey", "orderId", "orderName", "amount", "customerKey", "checkoutUrl", "successUrl",
                                           "failUrl"])
            #expect(checkout["amount"] as? Int == 129_999)
            #expect(checkout["orderName"] as? String == "Book 외 1건")
            #expect(checkout["clientKey"] as? String == "test_ck_marketplace_sandbox")
            let url = try #require(checkout["checkoutUrl"] as? String)
            #expect(url.hasPrefix("http://127.0.0.1:\(orders.server.port)/sandbox/toss/checkout?orderId=\(id)&amount=129999&"))
            #expect(url.contains("orderName=Book%20%EC%99%B8%201%EA%B1%B4"))
            let history = try #require(order["history"] as? [[String: Any]])
            #expect(history.count == 1 && history[0]["status"] as? String == "PENDING_PAYMENT")
            #expect((history[0]["by"] as? String)?.hasPrefix("customer:") == true)

            #expect(try orders.stock(book, seller: seller) == 8)
            #expect(try orders.stock(lamp, seller: seller) == 1)
            // Ordered lines stay in the cart until payment (issue #6).
            let cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            #expect((cart["items"] as? [Any])?.count == 2)
            // The listing shows the new stock at once (the catalog generation moved).
            let listed = try orders.catalog.get("/api/v1/products/\(lamp)").json()
            #expect(listed["stock"] as? Int == 1)

            let fetched = try orders.get("/api/v1/customer/orders/\(id)", token: customer)
            #expect(fetched.status == 200)
            #expect(try fetched.json()["id"] as? String == id)
        }
    }

    @Test("a short line refuses the whole order with 409 naming every short product; nothing is reserved")
    func allOrNothing() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let plenty = try orders.product("Plenty", stock: 10, token: seller)
            let few = try orders.product("Few", stock: 1, token: seller)
            let none = try orders.product("None", stock: 0, token: seller)
            let reply = try orders.order([(plenty, 5), (few, 2), (none, 1)], token: customer)
            expectProblem(reply, status: 409, code: "INSUFFICIENT_STOCK")
            #expect(reply.fields == ["items[1].productId", "items[2].productId"])
            #expect(try orders.stock(plenty, seller: seller) == 10)
            #expect(try orders.stock(few, seller: seller) == 1)
            let list = try orders.get("/api/v1/customer/orders", token: customer).json()
            #expect(list["totalItems"] as? Int == 0)

            let hidden = try orders.product("Hidden", stock: 5, token: seller)
            _ = try orders.auth.request("PATCH", "/api/v1/seller/products/\(hidden)", json: ["status": "HIDDEN"], token: seller)
            let missing = try orders.order([(plenty, 1), (hidden, 1), (987_654, 1)], token: customer)
            expectProblem(missing, status: 404, code: "PRODUCT_NOT_FOUND")
            #expect(missing.fields == ["items[1].productId", "items[2].productId"])
            #expect(try orders.stock(plenty, seller: seller) == 10)

            // The cart's unavailable lines refuse the cart's order the same way.
            _ = try orders.addToCart(plenty, 1, token: customer)
            _ = try orders.addToCart(few, 1, token: customer)
            // (A deleted product would have left the cart; a hidden one stays, unavailable.)
            _ = try orders.auth.request("PATCH", "/api/v1/seller/products/\(few)", json: ["status": "HIDDEN"], token: seller)
            let fromCart = try orders.order(nil, token: customer)
            expectProblem(fromCart, status: 404, code: "PRODUCT_NOT_FOUND")
            #expect(fromCart.fields == ["items[1].productId"])
            #expect(try orders.stock(plenty, seller: seller) == 10)
        }
    }

    @Test("bad bodies are 400 naming every field; an empty cart is 400 EMPTY_CART; over 50 lines and big bodies are refused")
    func validation() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let product = try orders.product("Thing", stock: 10, token: seller)
            expectProblem(try orders.order(nil, token: customer), status: 400, code: "EMPTY_CART")

            var body = OrdersHarness.orderBody([(product, 0), (product, 1), (-3, 1)], provider: "PAYPAL")
            body["shippingAddress"] = ["recipient": "", "phone": "12", "address1": "x", "zipCode": "1234"]
            let reply = try orders.auth.request("POST", "/api/v1/customer/orders", json: body, token: customer)
            expectProblem(reply, status: 400, code: "INVALID_REQUEST")
            #expect(Set(reply.fields) == ["provider", "items[0].quantity", "items[1].productId", "items[2].productId",
                                          "shippingAddress.recipient", "shippingAddress.phone", "shippingAddress.zipCode"])
            let noAddress = try orders.auth.request("POST", "/api/v1/customer/orders", json: ["provider": "TOSS"], token: customer)
            #expect(noAddress.fields == ["shippingAddress"])
            let empty = try orders.order([], token: customer)
            #expect(empty.fields == ["items"])
            let many = try orders.order((1...51).map { ($0, 1) }, token: customer)
            expectProblem(many, status: 400, code: "INVALID_REQUEST")
            #expect(many.fields.first == "items")
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/orders", raw: "{\"provider\": 1}", token: customer),
                          status: 400, code: "INVALID_REQUEST")
            let huge = AuthHarness.encode(OrdersHarness.orderBody([(product, 1)]).merging(
                ["note": String(repeating: "x", count: 40_000)]) { $1 })
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/orders", raw: huge, token: customer),
                          status: 413, code: "PAYLOAD_TOO_LARGE")
            #expect(try orders.stock(product, seller: seller) == 10)
            expectProblem(try orders.order([(product, 1)], token: seller), status: 403, code: "FORBIDDEN_ROLE")
        }
    }

    @Test("KAKAOPAY orders carry the ready call's tid; a failed ready is 503 and reserves nothing; CARD orders are READY with a payUrl")
    func kakaoReadyAndUnavailableProviders() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let product = try orders.product("Thing", stock: 3, token: seller)

            let placed = try orders.placed([(product, 1)], provider: "KAKAOPAY", token: customer)
            let checkout = try #require((placed["payment"] as? [String: Any])?["checkout"] as? [String: Any])
            #expect((checkout["tid"] as? String)?.hasPrefix("T") == true)
            #expect((checkout["redirectUrl"] as? String)?.contains("/sandbox/kakaopay/") == true)
            #expect(try orders.stock(product, seller: seller) == 2)

            // The sandbox refuses the next ready with a 500: the order is undone, its stock back.
            let fault = try orders.auth.request("POST", "/sandbox/faults", json: [
                "provider": "KAKAOPAY", "operation": "ready", "mode": "error500", "count": 1,
            ])
            #expect(fault.status == 200)
            expectProblem(try orders.order([(product, 2)], provider: "KAKAOPAY", token: customer),
                          status: 503, code: "PAYMENT_PROVIDER_UNAVAILABLE")
            #expect(try orders.stock(product, seller: seller) == 2)

            // CARD: a READY payment whose checkout says where to send the card.
            let card = try orders.placed([(product, 2)], provider: "CARD", token: customer)
            let cardPayment = try #require(card["payment"] as? [String: Any])
            #expect(cardPayment["status"] as? String == "READY")
            let cardCheckout = try #require(cardPayment["checkout"] as? [String: Any])
            let cardID = try #require(card["id"] as? String)
            #expect((cardCheckout["payUrl"] as? String)?.hasSuffix("/api/v1/customer/orders/\(cardID)/payment/card") == true)
            #expect(cardCheckout["amount"] as? Int == card["totalAmount"] as? Int)
            #expect(try orders.stock(product, seller: seller) == 0)
            #expect(try orders.get("/api/v1/customer/orders", token: customer).json()["totalItems"] as? Int == 2)
        }
    }

    @Test("another customer's order is 404 for every verb; lists page 1–20 with a status filter, newest first")
    func ownershipAndPaging() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let alice = try orders.customer("alice@example.com")
            let bob = try orders.customer("bob@example.com")
            let product = try orders.product("Thing", stock: 50, token: seller)
            var ids: [String] = []
            for _ in 0..<3 {
                ids.append(try #require(try orders.placed([(product, 1)], token: alice)["id"] as? String))
                orders.clock.advance(by: 1)
            }
            expectProblem(try orders.get("/api/v1/customer/orders/\(ids[0])", token: bob), status: 404, code: "ORDER_NOT_FOUND")
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/orders/\(ids[0])/cancel", json: ["reason": "x"], token: bob),
                          status: 404, code: "ORDER_NOT_FOUND")
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/orders/\(ids[0])/cancel", raw: "{", token: bob),
                          status: 404, code: "ORDER_NOT_FOUND")
            expectProblem(try orders.get("/api/v1/customer/orders/nope", token: alice), status: 404, code: "ORDER_NOT_FOUND")
            #expect(try orders.get("/api/v1/customer/orders", token: bob).json()["totalItems"] as? Int == 0)

            let page = try orders.get("/api/v1/customer/orders?size=2", token: alice).json()
            #expect((page["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[2], ids[1]])
            #expect(page["totalItems"] as? Int == 3 && page["totalPages"] as? Int == 2)
            _ = try orders.auth.request("POST", "/api/v1/customer/orders/\(ids[1])/cancel", json: ["reason": "x"], token: alice)
            let canceled = try orders.get("/api/v1/customer/orders?status=CANCELED", token: alice).json()
            #expect((canceled["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[1]])
            for query in ["size=21", "size=0", "page=0", "status=SHIPPED"] {
                expectProblem(try orders.get("/api/v1/customer/orders?\(query)", token: alice), status: 400, code: "INVALID_PARAMETER")
            }
        }
    }
}
