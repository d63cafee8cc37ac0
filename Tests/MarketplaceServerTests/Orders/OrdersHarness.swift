import Auth
import Foundation
import Marketplace
import Storage
import Synchronization
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// A real server with sellers, customers and products made over HTTP, for carts and orders.
/// Email verification is off and bcrypt at cost 4, so hundreds of customers sign up in a second.
struct OrdersHarness {
    let catalog: CatalogHarness
    var auth: AuthHarness { catalog.auth }
    var server: TestServer { catalog.server }
    var clock: TestClock { catalog.clock }

    static func run<T>(configure: @escaping (inout AppConfig) -> Void = { _ in }, _ body: (OrdersHarness) async throws -> T) async throws -> T {
        try await AuthHarness.run(configure: { config in
            config.auth.requireEmailVerification = false
            configure(&config)
        }) { auth in
            try await body(OrdersHarness(catalog: CatalogHarness(auth: auth)))
        }
    }

    static var address: [String: Any] { [
        "recipient": "Kim Minsu", "phone": "010-1234-5678", "address1": "1 Sejong-daero, Jung-gu, Seoul", "zipCode": "04524",
    ] }

    /// A SELLER's token (signed up without verification).
    func seller(_ email: String = "seller@example.com") throws -> String {
        let signup = try auth.signUp(email, role: "SELLER")
        guard signup.status == 201 else { throw AuthHarness.Failure.unexpected("signup \(signup.status): \(signup.text)") }
        return try auth.token(email)
    }

    /// A CUSTOMER's token.
    func customer(_ email: String = "customer@example.com") throws -> String {
        let signup = try auth.signUp(email)
        guard signup.status == 201 else { throw AuthHarness.Failure.unexpected("signup \(signup.status): \(signup.text)") }
        return try auth.token(email)
    }

    /// `count` customers' tokens: accounts and sessions written in one transaction behind the
    /// API (what signup and login would store, minus bcrypt and mail), so a race of hundreds of
    /// customers costs no setup time and no disk flushes of its own.
    func customers(_ count: Int, prefix: String = "buyer") async throws -> [String] {
        let tokens = try (0..<count).map { _ in try SessionToken.generate() }
        let now = Int64(clock.now() * 1000)
        try await server.application.database.write { connection in
            for (index, token) in tokens.enumerated() {
                let email = "\(prefix)\(index)@example.com"
                let id = try connection.queryRow("""
                    INSERT INTO users (email, email_normalized, password_hash, name, phone, role, email_verified, created_at)
                    VALUES (?, ?, '$2b$04$notarealhashnotarealhashnotarealhashnotarealhashnota', 'Buyer', '01012345678', 'CUSTOMER', 1, ?)
                    RETURNING id
                    """, email, email, now)?.int64(0)
                try connection.execute("INSERT INTO sessions (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
                                       id, token.digest, now, now + 86_400_000)
            }
        }
        return tokens.map(\.value)
    }

    @discardableResult
    func product(_ name: String, price: Int = 10_000, stock: Int = 5, taxFree: Bool = false, token: String) throws -> Int {
        let reply = try auth.request("POST", "/api/v1/seller/products", json: CatalogHarness.fields(
            name, price: price, stock: stock, extra: ["taxFree": taxFree]), token: token)
        guard reply.status == 201, let id = try reply.json()["id"] as? Int else {
            throw AuthHarness.Failure.unexpected("create \(reply.status): \(reply.text)")
        }
        return id
    }

    /// The product's stock as its seller sees it (hidden ones too).
    func stock(_ id: Int, seller: String) throws -> Int {
        let reply = try auth.request("GET", "/api/v1/seller/products/\(id)", token: seller)
        guard reply.status == 200, let stock = try reply.json()["stock"] as? Int else {
            throw AuthHarness.Failure.unexpected("stock \(reply.status): \(reply.text)")
        }
        return stock
    }

    func addToCart(_ product: Int, _ quantity: Int, token: String) throws -> TestClient.Reply {
        try auth.request("POST", "/api/v1/customer/cart/items", json: ["productId": product, "quantity": quantity], token: token)
    }

    static func orderBody(_ items: [(Int, Int)]?, provider: String = "TOSS") -> [String: Any] {
        var body: [String: Any] = ["provider": provider, "shippingAddress": address]
        if let items { body["items"] = items.map { ["productId": $0.0, "quantity": $0.1] } }
        return body
    }

    /// `POST /customer/orders` with `items` (nil: the cart).
    func order(_ items: [(Int, Int)]?, provider: String = "TOSS", token: String) throws -> TestClient.Reply {
        try auth.request("POST", "/api/v1/customer/orders", json: Self.orderBody(items, provider: provider), token: token)
    }

    /// Places an order and returns its JSON.
    func placed(_ items: [(Int, Int)]?, provider: String = "TOSS", token: String) throws -> [String: Any] {
        let reply = try order(items, provider: provider, token: token)
        guard reply.status == 201 else { throw AuthHarness.Failure.unexpected("order \(reply.status): \(reply.text)") }
        return try reply.json()
    }

    func get(_ path: String, token: String) throws -> TestClient.Reply { try auth.request("GET", path, token: token) }

    /// Sets an order's status behind the API (PAID arrives with payments, issue #6).
    func force(_ orderID: String, status: String) async throws {
        try await server.application.database.write { connection in
            try connection.execute("UPDATE orders SET status = ? WHERE id = ?", status, orderID)
        }
    }

    /// Sum of ORDERED units of `product` in PENDING_PAYMENT orders: the reserved stock.
    func reserved(_ product: Int) async throws -> Int {
        try await server.application.database.read { connection in
            try connection.queryRow("""
                SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
                WHERE i.product_id = ? AND i.status = 'ORDERED' AND o.status = 'PENDING_PAYMENT'
                """, product)?.int(0) ?? -1
        }
    }
}

/// A JSON request on its own connection, for threads.
func jsonRequest(port: Int, _ method: String, _ path: String, _ json: [String: Any]?, token: String,
                 timeout: Double = 30) throws -> TestClient.Reply {
    var headers = [("Authorization", "Bearer \(token)")]
    if json != nil { headers.append(("Content-Type", "application/json")) }
    return try TestClient(port: port).request(method, path, headers: headers, body: json.map(AuthHarness.encode), timeout: timeout)
}

/// Signs up (no verification needed) and logs in over fresh connections; returns the token.
func signUpAndLogIn(port: Int, email: String, role: String = "CUSTOMER") throws -> String {
    let headers = [("Content-Type", "application/json")]
    let signup = try TestClient(port: port).request(
        "POST", "/api/v1/auth/signup", headers: headers, body: AuthHarness.encode(AuthHarness.signupBody(email: email, role: role)))
    guard signup.status == 201 else { throw AuthHarness.Failure.unexpected("signup \(signup.status): \(signup.text)") }
    let login = try TestClient(port: port).request(
        "POST", "/api/v1/auth/login", headers: headers, body: AuthHarness.encode(["email": email, "password": AuthHarness.password]))
    guard login.status == 200, let token = try login.json()["token"] as? String else {
        throw AuthHarness.Failure.unexpected("login \(login.status): \(login.text)")
    }
    return token
}
