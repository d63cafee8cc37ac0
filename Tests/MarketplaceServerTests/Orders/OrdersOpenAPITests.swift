import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("OpenAPI: carts and orders") struct OrdersOpenAPITests {
    static let routes: [(String, String)] = [
        ("/api/v1/customer/cart", "get"), ("/api/v1/customer/cart", "delete"), ("/api/v1/customer/cart/items", "post"),
        ("/api/v1/customer/cart/items/{productId}", "patch"), ("/api/v1/customer/cart/items/{productId}", "delete"),
        ("/api/v1/customer/orders", "post"), ("/api/v1/customer/orders", "get"), ("/api/v1/customer/orders/{id}", "get"),
        ("/api/v1/customer/orders/{id}/cancel", "post"), ("/api/v1/seller/orders", "get"), ("/api/v1/seller/orders/{id}", "get"),
        ("/api/v1/admin/orders", "get"), ("/api/v1/admin/orders/{id}", "get"), ("/api/v1/admin/orders/{id}/status", "post"),
        ("/api/v1/customer/orders/{id}/payment/confirm", "post"), ("/api/v1/admin/payments/{id}", "get"),
        ("/api/v1/admin/payments/{id}/cancel", "post"),
    ]

    @Test("/openapi.json describes every cart and order route as secured, with the contract's order and payment fields")
    func documented() async throws {
        // No socket needed: the document comes straight from the responder.
        try await InProcessClient.run { client in
            let reply = try await client.request("GET", "/openapi.json")
            let document = try reply.json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, method) in Self.routes {
                let operation = try #require(paths[path]?[method] as? [String: Any], "\(method) \(path)")
                #expect(operation["security"] != nil, "\(method) \(path)")
            }
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            var references = Set<String>()
            var rest = reply.text[...]
            while let range = rest.range(of: "#/components/schemas/") {
                rest = rest[range.upperBound...]
                references.insert(String(rest.prefix { $0 != "\"" }))
            }
            for name in references { #expect(schemas[name] != nil, "\(name) is referred to but not defined") }
            func properties(_ name: String) -> Set<String> {
                Set((((schemas[name] as? [String: Any])?["properties"]) as? [String: Any] ?? [:]).keys)
            }
            #expect(properties("Order") == ["id", "customerId", "status", "items", "totalAmount", "taxFreeAmount", "vat",
                                            "canceledAmount", "shippingAddress", "trackingNumber", "createdAt", "updatedAt",
                                            "expiresAt", "payment", "history"])
            #expect(properties("OrderItem") == ["productId", "sellerId", "name", "unitPrice", "quantity", "subtotal", "taxFree", "status"])
            #expect(properties("Payment").isSuperset(of: ["id", "provider", "orderId", "status", "amount", "vat", "taxFreeAmount",
                                                          "balanceAmount", "balanceVat", "paymentKey", "tid", "card", "approvedAt",
                                                          "cancels", "attempts"]))
            #expect(properties("Cart") == ["items", "totalQuantity", "totalPrice"])
            #expect(properties("OrderHistoryEntry") == ["status", "at", "by"])
            #expect(properties("ConfirmPaymentRequest") == ["paymentKey", "amount", "pgToken"])
            #expect(properties("RefundRequest") == ["amount", "vat", "reason"])
            for path in ["/payments/toss/success", "/payments/toss/fail", "/payments/kakaopay/approve", "/payments/kakaopay/cancel",
                         "/payments/kakaopay/fail"] {
                let page = try #require(paths[path]?["get"] as? [String: Any], "\(path)")
                #expect(page["security"] == nil, "\(path) is public")
            }
            let confirm = try #require(paths["/api/v1/customer/orders/{id}/payment/confirm"]?["post"] as? [String: Any])
            let statuses = Set(((confirm["responses"] as? [String: Any]) ?? [:]).keys)
            #expect(statuses.isSuperset(of: ["200", "202", "400", "402", "404", "409"]))
        }
    }
}
