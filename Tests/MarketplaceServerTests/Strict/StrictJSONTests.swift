import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// docs/API.md §12: an unknown field in a JSON body is 400 INVALID_REQUEST naming it, on every
/// `/api/v1` route with a body, and nothing changes; the gateway sandboxes tolerate extras.
@Suite("Strict JSON bodies")
struct StrictJSONTests {
    /// One of each resource a route with a body can address, owned by the realm's account.
    struct World {
        let seller: String, customer: String, admin: String
        let product: Int, customerID: Int, order: String, cardOrder: String, payment: String
        let hooks: [String: Int]

        static func make(_ orders: OrdersHarness) async throws -> World {
            let seller = try orders.seller(), customer = try orders.customer(), admin = try await orders.auth.adminToken()
            let product = try orders.product("Thing", stock: 50, token: seller)
            #expect(try orders.addToCart(product, 1, token: customer).status == 200)
            let order = try orders.placed([(product, 1)], token: customer)
            let cardOrder = try orders.placed([(product, 1)], provider: "CARD", token: customer)
            var hooks: [String: Int] = [:]
            for (realm, token) in [("seller", seller), ("customer", customer), ("admin", admin)] {
                let created = try orders.auth.request("POST", "/api/v1/\(realm)/webhooks", json: [
                    "url": "http://127.0.0.1:9/\(realm)", "events": ["*"],
                ], token: token)
                hooks[realm] = try #require(try created.json()["id"] as? Int)
            }
            return World(seller: seller, customer: customer, admin: admin, product: product,
                         customerID: try #require(try orders.get("/api/v1/me", token: customer).json()["id"] as? Int),
                         order: try #require(order["id"] as? String), cardOrder: try #require(cardOrder["id"] as? String),
                         payment: try #require((order["payment"] as? [String: Any])?["id"] as? String), hooks: hooks)
        }

        /// The route's path with each parameter replaced by a resource of the caller.
        func concrete(_ pattern: String) -> String {
            var path = pattern.replacing("{productId}", with: String(product))
            let id: String = switch true {
            case pattern.contains("/payment/card"): cardOrder
            case pattern.hasPrefix("/api/v1/customer/orders/"), pattern.hasPrefix("/api/v1/admin/orders/"): order
            case pattern.hasPrefix("/api/v1/admin/payments/"): payment
            case pattern.hasPrefix("/api/v1/admin/users/"): String(customerID)
            case pattern.hasPrefix("/api/v1/seller/products/"): String(product)
            default: hooks.first { pattern.hasPrefix("/api/v1/\($0.key)/webhooks/") }.map { String($0.value) } ?? "1"
            }
            path = path.replacing("{id}", with: id)
            return path.replacing(#/\{[A-Za-z]+\}/#, with: "1")
        }

        func token(for path: String) -> String? {
            if path.hasPrefix("/api/v1/seller/") { return seller }
            if path.hasPrefix("/api/v1/customer/") { return customer }
            if path.hasPrefix("/api/v1/admin/") { return admin }
            if path == "/api/v1/me" { return customer }   // any signed-in account's own profile
            return nil
        }
    }

    /// (method, path) of every /api/v1 operation of /openapi.json with a JSON request body.
    static func jsonOperations(_ server: TestServer) throws -> [(String, String)] {
        let document = try server.request("GET", "/openapi.json").json()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [(String, String)] = []
        for (path, methods) in paths where path.hasPrefix("/api/v1/") {
            for (method, operation) in methods {
                let content = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                if content?["application/json"] != nil { operations.append((method.uppercased(), path)) }
            }
        }
        return operations.sorted { $0.1 + $0.0 < $1.1 + $1.0 }
    }

    @Test("every /api/v1 JSON request schema, nested objects included, says additionalProperties: false")
    func schemasClosed() async throws {
        try await withProbeServer { server in
            let document = try server.request("GET", "/openapi.json").json()
            let components = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            func objects(in schema: Any?, _ seen: inout Set<String>) -> [[String: Any]] {
                guard let schema = schema as? [String: Any] else { return [] }
                if let ref = schema["$ref"] as? String {
                    let name = String(ref.split(separator: "/").last ?? "")
                    guard seen.insert(name).inserted else { return [] }
                    return objects(in: components[name], &seen)
                }
                var found = schema["type"] as? String == "object" ? [schema] : []
                for property in (schema["properties"] as? [String: Any] ?? [:]).values { found += objects(in: property, &seen) }
                found += objects(in: schema["items"], &seen)
                for option in schema["anyOf"] as? [Any] ?? [] { found += objects(in: option, &seen) }
                return found
            }
            var checked = 0
            for (path, methods) in paths where path.hasPrefix("/api/v1/") {
                for (method, operation) in methods {
                    let body = (((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                    guard let schema = (body as? [String: Any])?["schema"] else { continue }
                    var seen: Set<String> = []
                    for object in objects(in: schema, &seen) {
                        checked += 1
                        #expect(object["additionalProperties"] as? Bool == false, "\(method) \(path): \(object.keys.sorted())")
                    }
                }
            }
            #expect(checked >= 20)
        }
    }

    @Test("every /api/v1 operation with a JSON body refuses an unknown field with 400 INVALID_REQUEST naming it")
    func everyOperation() async throws {
        try await OrdersHarness.run { orders in
            let world = try await World.make(orders)
            let operations = try Self.jsonOperations(orders.server)
            #expect(operations.count >= 20, "\(operations)")
            for (method, pattern) in operations {
                let path = world.concrete(pattern)
                let reply = try orders.auth.request(method, path, raw: #"{"unexpectedField": 1}"#, token: world.token(for: pattern))
                #expect(reply.status == 400 && reply.code == "INVALID_REQUEST", "\(method) \(path): \(reply.status) \(reply.text)")
                #expect(reply.fields == ["unexpectedField"], "\(method) \(path): \(reply.text)")
            }
            // Nothing changed: the account is still active, the order still pending, no refund.
            let user = try orders.get("/api/v1/admin/users?status=SUSPENDED", token: world.admin).json()
            #expect(user["totalItems"] as? Int == 0)
            let order = try orders.get("/api/v1/customer/orders/\(world.order)", token: world.customer).json()
            #expect(order["status"] as? String == "PENDING_PAYMENT" && order["canceledAmount"] as? Int == 0)
        }
    }

    @Test("nested unknown fields are named by their dotted path, and the order is not placed")
    func nestedPaths() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            let product = try orders.product("Thing", stock: 5, token: seller)
            var address = OrdersHarness.address
            address["zipcode"] = address.removeValue(forKey: "zipCode")
            let reply = try orders.auth.request("POST", "/api/v1/customer/orders", json: [
                "provider": "TOSS", "items": [["productId": product, "quantity": 1], ["productId": product, "qty": 2]],
                "shippingAddress": address,
            ], token: customer)
            #expect(reply.status == 400 && reply.code == "INVALID_REQUEST")
            #expect(reply.fields == ["items[1].qty", "shippingAddress.zipcode"], "\(reply.text)")
            #expect(try orders.stock(product, seller: seller) == 5)
            #expect(try orders.get("/api/v1/customer/orders", token: customer).json()["totalItems"] as? Int == 0)
            // A typo of a required field is named as the unknown one it is, not as "quantity is required".
            let typo = try orders.auth.request("POST", "/api/v1/customer/cart/items", json: ["productId": product, "quantiy": 1],
                                               token: customer)
            #expect(typo.status == 400 && typo.fields == ["quantiy"])
            // The product is the path's: productId in PATCH's body is not a field of that request.
            #expect(try orders.addToCart(product, 1, token: customer).status == 200)
            let patch = try orders.auth.request("PATCH", "/api/v1/customer/cart/items/\(product)",
                                                json: ["productId": product, "quantity": 3], token: customer)
            #expect(patch.status == 400 && patch.fields == ["productId"])
            let cart = try orders.get("/api/v1/customer/cart", token: customer).json()
            #expect(cart["totalQuantity"] as? Int == 1)
        }
    }

    @Test("a product with a misspelled field is not created, taxable or otherwise")
    func misspelledProductField() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let reply = try orders.auth.request("POST", "/api/v1/seller/products", json: CatalogHarness.fields(
                "Rice", extra: ["taxfree": true, "price": "free"]), token: seller)
            #expect(reply.status == 400 && reply.code == "INVALID_REQUEST")
            #expect(reply.fields == ["taxfree"], "\(reply.text)")
            #expect(try orders.get("/api/v1/seller/products", token: seller).json()["totalItems"] as? Int == 0)
            #expect(try orders.server.request("GET", "/api/v1/products").json()["totalItems"] as? Int == 0)
            // Spelled right, it is created tax-free.
            let created = try orders.auth.request("POST", "/api/v1/seller/products", json: CatalogHarness.fields(
                "Rice", extra: ["taxFree": true]), token: seller)
            #expect(created.status == 201)
            #expect(try created.json()["taxFree"] as? Bool == true)
        }
    }

    @Test("the gateway sandboxes ignore unknown fields, as the gateways they mimic do")
    func sandboxTolerates() async throws {
        try await OrdersHarness.run { orders in
            let reply = try orders.auth.request("POST", "/sandbox/toss/approve", json: [
                "orderId": "order-strict-1", "amount": 1000, "orderName": "x", "sdkVersion": "2.1.0",
            ])
            #expect(reply.status == 200, "\(reply.text)")
        }
    }
}
