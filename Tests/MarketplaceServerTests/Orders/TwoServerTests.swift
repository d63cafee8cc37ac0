import TestHTTP
import Foundation
import Glibc
import Storage
import Synchronization
import Testing

/// Two real server processes on ONE PostgreSQL database (issue #9, "Done when"): stock,
/// payment recovery, webhook delivery and the catalog cache behave as one server would.
/// Only on the PostgreSQL run of the suite; serialized, as each test runs two or three
/// binaries (and hundreds of client threads) on a shared machine.
@Suite("Two servers on one PostgreSQL database", .enabled(if: TestPostgres.isActive), .serialized)
struct TwoServerTests {
    static let environment = [
        "MARKETPLACE_AUTH_BCRYPT_COST": "4", "MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION": "false",
        // 30 customers sign up from 127.0.0.1: past the 10 an hour a client address gets by default.
        "MARKETPLACE_LIMITS_SIGNUPS_PER_HOUR": "1000",
    ]

    @Test("300 concurrent single-unit orders, 150 per server, for stock 100: exactly 100 × 201, 200 × 409 INSUFFICIENT_STOCK, stock 0")
    func stockAcrossServers() async throws {
        try await offPool {
            let pair = try ServerPair(environment: Self.environment)
            let seller = try signUpAndLogIn(port: pair.a, email: "seller@example.com", role: "SELLER")
            let created = try jsonRequest(port: pair.a, "POST", "/api/v1/seller/products",
                                          CatalogHarness.fields("Limited", stock: 100), token: seller)
            #expect(created.status == 201, "\(created.text)")
            let product = try #require(try created.json()["id"] as? Int)
            // 30 customers, half signed up on each server, 10 orders each.
            let customers = try pair.customers(30)
            let ports = [pair.a, pair.b]
            let statuses = Mutex([Int: Int]())
            let perServer = Mutex([Int: [Int: Int]]())
            let codes = Mutex(Set<String>())
            let orderIDs = Mutex([String]())
            onThreads(300) { index in
                let port = ports[index % 2]
                let reply = try? jsonRequest(port: port, "POST", "/api/v1/customer/orders",
                                             OrdersHarness.orderBody([(product, 1)]), token: customers[index % customers.count])
                let status = reply?.status ?? -1
                statuses.withLock { $0[status, default: 0] += 1 }
                perServer.withLock { $0[index % 2, default: [:]][status, default: 0] += 1 }
                if status == 409, let code = reply?.code { codes.withLock { _ = $0.insert(code) } }
                if status == 201, let id = try? reply?.json()["id"] as? String { orderIDs.withLock { $0.append(id) } }
            }
            let counts = statuses.withLock { $0 }
            #expect(counts[201] == 100, "\(counts), per server \(perServer.withLock { $0 })")
            #expect(counts[409] == 200, "\(counts), per server \(perServer.withLock { $0 })")
            #expect(codes.withLock { $0 } == ["INSUFFICIENT_STOCK"])
            #expect(Set(orderIDs.withLock { $0 }).count == 100)
            // Both servers took part in placing orders.
            let split = perServer.withLock { $0 }
            #expect((split[0]?[201] ?? 0) > 0 && (split[1]?[201] ?? 0) > 0, "\(split)")
            // Stock 0 through the API of either server: the seller's view and the public page.
            for port in ports {
                let own = try jsonRequest(port: port, "GET", "/api/v1/seller/products/\(product)", nil, token: seller).json()
                #expect(own["stock"] as? Int == 0, "port \(port): \(own)")
                let page = try TestClient(port: port).request("GET", "/api/v1/products/\(product)").json()
                #expect(page["stock"] as? Int == 0, "port \(port): \(page)")
                #expect(page["soldOut"] as? Bool == true)
            }
            // The shared database holds exactly the 100 orders, none of stock below zero.
            let database = try TestPostgres.openDatabase(dataDir: pair.key)
            let (ordered, negative) = try await database.read { connection in
                (try connection.queryRow("SELECT coalesce(sum(quantity), 0) FROM order_items WHERE product_id = ?", product)?.int(0) ?? -1,
                 try connection.queryRow("SELECT count(*) FROM products WHERE stock < 0")?.int(0) ?? -1)
            }
            await database.close()
            #expect(ordered == 100)
            #expect(negative == 0)
            try pair.stop()
        }
    }

    @Test("a payment left UNKNOWN by a SIGKILLed server is settled by the other one: PAID once, approved at the gateway once",
          arguments: ["timeout", "approveThenTimeout"])
    func recoveryByTheOtherServer(mode: String) async throws {
        try await offPool {
            // One gateway for both: a third server, on SQLite, serving only its Toss sandbox.
            // Its fault hold is (its gatewayTimeout + 1) s: past A's 2 s timeout.
            let gateway = try ServerProcess(environment: Self.environment.merging([
                "MARKETPLACE_STORAGE_URL": "", "MARKETPLACE_SANDBOX_ENABLED": "true", "MARKETPLACE_PAYMENTS_GATEWAY_TIMEOUT": "2",
            ]) { $1 })
            let gatewayPort = try #require(gateway.port(from: try gateway.firstLine(timeout: 30)))
            let pair = try ServerPair(environment: Self.environment.merging([
                "MARKETPLACE_PAYMENTS_TOSS_BASE_URL": "http://127.0.0.1:\(gatewayPort)/sandbox/toss",
                "MARKETPLACE_PAYMENTS_GATEWAY_TIMEOUT": "2", "MARKETPLACE_PAYMENTS_RECOVERY_INTERVAL": "1",
            ]) { $1 })
            let seller = try signUpAndLogIn(port: pair.a, email: "seller@example.com", role: "SELLER")
            let customer = try signUpAndLogIn(port: pair.b, email: "customer@example.com")
            let created = try jsonRequest(port: pair.a, "POST", "/api/v1/seller/products", CatalogHarness.fields("Thing", stock: 4),
                                          token: seller)
            let product = try #require(try created.json()["id"] as? Int)
            let placed = try jsonRequest(port: pair.a, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody([(product, 3)]),
                                         token: customer)
            #expect(placed.status == 201, "\(placed.text)")
            let order = try placed.json()
            let id = try #require(order["id"] as? String)
            let amount = try #require(order.payment["amount"] as? Int)
            // The customer's browser at the (shared) gateway.
            let approved = try TestClient(port: gatewayPort).request(
                "POST", "/sandbox/toss/approve", headers: [("Content-Type", "application/json")],
                body: #"{"orderId":"\#(id)","amount":\#(amount),"orderName":"Thing"}"#)
            #expect(approved.status == 200, "\(approved.text)")
            let paymentKey = try #require(try approved.json()["paymentKey"] as? String)
            let fault = try TestClient(port: gatewayPort).request(
                "POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                body: #"{"provider":"TOSS","operation":"confirm","mode":"\#(mode)","count":1}"#)
            #expect(fault.status == 200, "\(fault.text)")

            // A confirms; the gateway gives no answer within A's timeout.
            let confirm = try jsonRequest(port: pair.a, "POST", "/api/v1/customer/orders/\(id)/payment/confirm",
                                          ["paymentKey": paymentKey, "amount": amount], token: customer)
            pair.first.send(SIGKILL)   // at once: A's worker (due in 1 s) never gets to it
            _ = pair.first.waitForExit(timeout: 10)
            #expect(confirm.status == 202, "\(confirm.text)")
            let pending = try confirm.json()
            #expect(pending.status == "PENDING_PAYMENT")
            #expect(pending.payment["status"] as? String == "UNKNOWN")

            // B's recovery worker settles it: A's NOTIFY on `marketplace_work` woke it when A left
            // the payment UNKNOWN, so it looks again when the payment falls due (A's recovery
            // interval, 1 s) — well before its own 30 s poll would have found it.
            var settled: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline {
                settled = try jsonRequest(port: pair.b, "GET", "/api/v1/customer/orders/\(id)", nil, token: customer).json()
                if settled.status == "PAID" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(settled.status == "PAID", "\(settled)")
            #expect(settled.payment["status"] as? String == "DONE")
            #expect(settled.payment["paymentKey"] as? String == paymentKey)
            #expect(settled.historyStatuses == ["PENDING_PAYMENT", "PAID"])
            #expect((settled["history"] as? [[String: Any]])?.last?["by"] as? String == "system")
            let stock = try jsonRequest(port: pair.b, "GET", "/api/v1/seller/products/\(product)", nil, token: seller).json()
            #expect(stock["stock"] as? Int == 1)

            // The gateway's side: one DONE payment for the order, approved once.
            let record = try TestClient(port: gatewayPort).request(
                "GET", "/sandbox/toss/v1/payments/orders/\(id)",
                headers: [("Authorization", "Basic " + Data("test_sk_marketplace_sandbox:".utf8).base64EncodedString())])
            #expect(record.status == 200, "\(record.text)")
            #expect(try record.json()["status"] as? String == "DONE")
            #expect(try record.json()["paymentKey"] as? String == paymentKey)
            // The journal's lines, replayed: {"t": table, "k": key, "v": row or null}.
            let tossFile = gateway.workDir.appending(path: "data/sandbox/toss.journal")
            var state: [String: [String: Any]] = [:]
            for line in try Data(contentsOf: tossFile).split(separator: UInt8(ascii: "\n")) {
                let entry = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                let table = try #require(entry["t"] as? String), key = try #require(entry["k"] as? String)
                state[table, default: [:]][key] = entry["v"] is NSNull ? nil : entry["v"]
            }
            let payments = (state["payments"] as? [String: [String: Any]] ?? [:]).values.filter { $0["orderId"] as? String == id }
            #expect(payments.count == 1, "\(state)")
            #expect(payments.first?["status"] as? String == "DONE")
            #expect((state["confirmedOrders"] as? [String: String])?[id] == paymentKey)

            // Settled once: nothing is left for either recovery worker (no payment of the order
            // IN_PROGRESS or UNKNOWN, the only states a sweep takes), so the order stays as it is.
            let database = try TestPostgres.openDatabase(dataDir: pair.key)
            let awaiting = try await database.read {
                try $0.queryRow("SELECT count(*) FROM payments WHERE order_id = ? AND status IN ('IN_PROGRESS', 'UNKNOWN')", id)?.int(0)
            }
            await database.close()
            #expect(awaiting == 0)
            let later = try jsonRequest(port: pair.b, "GET", "/api/v1/customer/orders/\(id)", nil, token: customer).json()
            #expect(later.historyStatuses == ["PENDING_PAYMENT", "PAID"])
            pair.second.send(SIGTERM)
            #expect(pair.second.waitForExit(timeout: 10) == 0)
            gateway.send(SIGTERM)
            _ = gateway.waitForExit(timeout: 10)
        }
    }

    @Test("every webhook event reaches each endpoint once, though both servers run a delivery worker")
    func webhooksOncePerEndpoint() async throws {
        let consumer = try WebhookConsumer()
        try await offPool {
            let pair = try ServerPair(environment: Self.environment.merging([
                "MARKETPLACE_WEBHOOKS_RETRY_SCHEDULE": "1,1,1", "MARKETPLACE_WEBHOOKS_TIMEOUT": "2",
            ]) { $1 }, adminOnA: true)
            let (a, b) = (pair.a, pair.b)
            let seller = try signUpAndLogIn(port: a, email: "seller@example.com", role: "SELLER")
            let alice = try signUpAndLogIn(port: a, email: "alice@example.com")
            let bob = try signUpAndLogIn(port: b, email: "bob@example.com")
            let admin = try logIn(port: b, email: ServerPair.adminEmail, password: ServerPair.adminPassword)
            // Endpoints registered on either server: the admin's (every event), the seller's, Alice's,
            // and Bob's, which answers 500 to the first attempt of each event (the retry after 1 s
            // is due while both servers' workers poll).
            for (name, realm, token, port) in [("admin", "admin", admin, b), ("seller", "seller", seller, a), ("alice", "customer", alice, b),
                                               ("fail1", "customer", bob, a)] {
                let hook = try jsonRequest(port: port, "POST", "/api/v1/\(realm)/webhooks", ["url": consumer.url(name), "events": ["*"]],
                                           token: token)
                #expect(hook.status == 201, "\(hook.text)")
                try consumer.secret(try #require(try hook.json()["secret"] as? String), for: name)
            }
            let product = try #require(try jsonRequest(port: a, "POST", "/api/v1/seller/products",
                                                       CatalogHarness.fields("Thing", price: 1000, stock: 50), token: seller).json()["id"] as? Int)

            // Alice orders on A, Bob on B, three each; one of each is paid on the server it was
            // placed on (its own sandbox), one of each canceled on the other server.
            var expected: [String] = []   // "type orderID"
            var alices: [String] = []
            var bobs: [String] = []
            for (customer, port, other) in [(alice, a, b), (bob, b, a)] {
                var ids: [String] = []
                for _ in 0..<3 {
                    let placed = try jsonRequest(port: port, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody([(product, 1)]),
                                                 token: customer)
                    #expect(placed.status == 201, "\(placed.text)")
                    ids.append(try #require(try placed.json()["id"] as? String))
                }
                let paid = try Self.pay(ids[0], port: port, token: customer)
                #expect(paid.status == 200, "\(paid.text)")
                let canceled = try jsonRequest(port: other, "POST", "/api/v1/customer/orders/\(ids[1])/cancel",
                                               ["reason": "changed my mind"], token: customer)
                #expect(canceled.status == 200, "\(canceled.text)")
                let events = ids.map { "order.created \($0)" } + ["order.paid \(ids[0])", "order.canceled \(ids[1])"]
                expected += events
                if customer == alice { alices = events } else { bobs = events }
            }

            let want = ["admin": expected.count, "seller": expected.count, "alice": alices.count, "fail1": bobs.count]
            func delivered(_ records: [WebhookConsumer.Record], _ name: String) -> [WebhookConsumer.Record] {
                records.filter { $0.name == name && $0.status == 200 }
            }
            _ = try await consumer.wait(timeout: 20) { records in
                want.allSatisfy { delivered(records, $0.key).count >= $0.value }
            }
            // Every delivery settled in the shared database: none is PENDING, so no worker of
            // either server can claim one again, and the consumer has seen every POST there will be.
            let shared = try TestPostgres.openDatabase(dataDir: pair.key)
            try await waitUntil("every delivery is settled", timeout: 20) {
                try await shared.read {
                    try $0.queryRow("SELECT count(*) FROM webhook_deliveries WHERE status <> 'SUCCEEDED'")?.int(0)
                } == 0
            }
            await shared.close()
            let all = consumer.records()
            #expect(all.allSatisfy { $0.verified })
            // Bob's endpoint: each event exactly twice, one 500 then one 200 (attempts 1 and 2).
            let bobsRecords = all.filter { $0.name == "fail1" }
            for id in Set(bobsRecords.map(\.id)) {
                #expect(bobsRecords.filter { $0.id == id }.map(\.status) == [500, 200], "event \(id)")
            }
            #expect(bobsRecords.filter { $0.status == 200 }.map { "\($0.type) \($0.orderID)" }.sorted() == bobs.sorted())
            let records = all.filter { $0.name != "fail1" }
            #expect(records.allSatisfy { $0.status == 200 },
                    "\(records.filter { $0.status != 200 }.map { "\($0.name) \($0.type) \($0.status)" })")
            for (name, count) in want where name != "fail1" {
                let mine = records.filter { $0.name == name }
                #expect(mine.count == count, "\(name): \(mine.map { "\($0.type) \($0.orderID) \($0.id)" })")
                #expect(Set(mine.map(\.id)).count == mine.count, "\(name) got an event twice")
            }
            func events(_ name: String) -> [String] { records.filter { $0.name == name }.map { "\($0.type) \($0.orderID)" }.sorted() }
            #expect(events("admin") == expected.sorted())
            #expect(events("seller") == expected.sorted())
            #expect(events("alice") == alices.sorted())

            // The shared outbox holds exactly these events, each delivered to the admin once.
            let database = try TestPostgres.openDatabase(dataDir: pair.key)
            let stored = try await database.read { connection in
                try connection.query("SELECT id FROM events").map { try $0.string(0) }
            }
            await database.close()
            #expect(stored.count == expected.count)
            #expect(Set(stored) == Set(records.filter { $0.name == "admin" }.map(\.id)))
            #expect(Set(stored) == Set(records.filter { $0.name == "seller" }.map(\.id)))
            // Each endpoint lists one attempt per event, on either server.
            let endpoints = try jsonRequest(port: a, "GET", "/api/v1/admin/webhooks", nil, token: admin).json()
            let adminHook = try #require((endpoints["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let attempts = try jsonRequest(port: a, "GET", "/api/v1/admin/webhooks/\(adminHook)/deliveries?size=100", nil, token: admin).json()
            let items = attempts["items"] as? [[String: Any]] ?? []
            #expect(items.count == expected.count, "\(items)")
            #expect(items.allSatisfy { $0["status"] as? String == "SUCCEEDED" && $0["attempt"] as? Int == 1 })
            try pair.stop()
        }
    }

    @Test("a listing and product page cached on one server show an order placed on the other within a couple of seconds")
    func catalogCacheAcrossServers() async throws {
        try await offPool {
            let pair = try ServerPair(environment: Self.environment)
            let seller = try signUpAndLogIn(port: pair.a, email: "seller@example.com", role: "SELLER")
            let customer = try signUpAndLogIn(port: pair.b, email: "customer@example.com")
            let product = try #require(try jsonRequest(port: pair.a, "POST", "/api/v1/seller/products",
                                                       CatalogHarness.fields("Mug", stock: 10), token: seller).json()["id"] as? Int)
            func listed(_ port: Int) throws -> Int? {
                let page = try TestClient(port: port).request("GET", "/api/v1/products").json()
                return (page["items"] as? [[String: Any]])?.first { $0["id"] as? Int == product }?["stock"] as? Int
            }
            func page(_ port: Int) throws -> Int? {
                try TestClient(port: port).request("GET", "/api/v1/products/\(product)").json()["stock"] as? Int
            }
            var stock = 10
            // Ordered on A, seen on B; then ordered on B, seen on A.
            for (orderOn, seenOn) in [(pair.a, pair.b), (pair.b, pair.a)] {
                // Cached on the watching server: the second read is served from its cache.
                #expect(try listed(seenOn) == stock && listed(seenOn) == stock)
                #expect(try page(seenOn) == stock)
                let placed = try jsonRequest(port: orderOn, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody([(product, 2)]),
                                             token: customer)
                #expect(placed.status == 201, "\(placed.text)")
                stock -= 2
                let started = Date()
                var seen: (Int?, Int?) = (nil, nil)
                while Date().timeIntervalSince(started) < 5 {
                    seen = (try listed(seenOn), try page(seenOn))
                    if seen.0 == stock && seen.1 == stock { break }
                    try await Task.sleep(for: .milliseconds(25))
                }
                let elapsed = Date().timeIntervalSince(started)
                #expect(seen.0 == stock && seen.1 == stock, "listing \(String(describing: seen.0)), page \(String(describing: seen.1))")
                #expect(elapsed < 2.5, "took \(elapsed) s")
            }
            try pair.stop()
        }
    }

    /// Approves `orderID` at the Toss sandbox of the server on `port` and confirms it there.
    static func pay(_ orderID: String, port: Int, token: String) throws -> TestClient.Reply {
        let order = try jsonRequest(port: port, "GET", "/api/v1/customer/orders/\(orderID)", nil, token: token).json()
        let amount = try #require(order.payment["amount"] as? Int)
        let approved = try TestClient(port: port).request(
            "POST", "/sandbox/toss/approve", headers: [("Content-Type", "application/json")],
            body: #"{"orderId":"\#(orderID)","amount":\#(amount),"orderName":"x"}"#)
        let paymentKey = try #require(try approved.json()["paymentKey"] as? String)
        return try jsonRequest(port: port, "POST", "/api/v1/customer/orders/\(orderID)/payment/confirm",
                               ["paymentKey": paymentKey, "amount": amount], token: token)
    }
}

/// Logs in an existing account over a fresh connection; returns the token.
private func logIn(port: Int, email: String, password: String) throws -> String {
    let login = try TestClient(port: port).request(
        "POST", "/api/v1/auth/login", headers: [("Content-Type", "application/json")],
        body: AuthHarness.encode(["email": email, "password": password]))
    guard login.status == 200, let token = try login.json()["token"] as? String else {
        throw AuthHarness.Failure.unexpected("login \(login.status): \(login.text)")
    }
    return token
}

/// Servers A and B: the real binary twice, each with a data directory of its own, both with
/// the same `storage.url` (one schema of the test database, named after `key`).
final class ServerPair {
    static let adminEmail = "root@example.com"
    static let adminPassword = "admin-password"

    let key: String
    let first: ServerProcess
    let second: ServerProcess
    let a: Int
    let b: Int

    /// Starts both at once (their migrators meet on the empty schema). `adminOnA` bootstraps
    /// the admin account on A only.
    init(environment: [String: String], adminOnA: Bool = false) throws {
        key = FileManager.default.temporaryDirectory.appending(path: "two-servers-\(UUID().uuidString)").path()
        let url = try #require(try TestPostgres.storageURL(forDataDir: key))
        var shared = environment
        shared["MARKETPLACE_STORAGE_URL"] = url
        var forA = shared
        if adminOnA {
            forA["MARKETPLACE_ADMIN_EMAIL"] = Self.adminEmail
            forA["MARKETPLACE_ADMIN_PASSWORD"] = Self.adminPassword
        }
        first = try ServerProcess(environment: forA)
        second = try ServerProcess(environment: shared)
        a = try #require(first.port(from: try first.firstLine(timeout: 30)))
        b = try #require(second.port(from: try second.firstLine(timeout: 30)))
    }

    /// `count` customers' tokens, signed up and logged in on A and B alternately, in parallel.
    func customers(_ count: Int) throws -> [String] {
        let tokens = Mutex([Int: String]())
        let failures = Mutex([String]())
        let ports = [a, b]
        onThreads(count) { index in
            do {
                let token = try signUpAndLogIn(port: ports[index % 2], email: "buyer\(index)@example.com")
                tokens.withLock { $0[index] = token }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let all = tokens.withLock { $0 }
        guard all.count == count else { throw AuthHarness.Failure.unexpected("signups: \(failures.withLock { $0 })") }
        return (0..<count).map { all[$0]! }
    }

    /// SIGTERM to both; each exits 0.
    func stop() throws {
        first.send(SIGTERM)
        second.send(SIGTERM)
        #expect(first.waitForExit(timeout: 15) == 0, "A: \(first.outcome) \(first.stderr)")
        #expect(second.waitForExit(timeout: 15) == 0, "B: \(second.outcome) \(second.stderr)")
    }
}
