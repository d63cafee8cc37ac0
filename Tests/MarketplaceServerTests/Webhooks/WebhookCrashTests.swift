import TestHTTP
import Foundation
import Glibc
import Storage
import Testing

/// The real binary killed with SIGKILL right after a change: the event was committed with
/// the change, and the restarted server delivers it.
@Suite("Webhooks: SIGKILL after a change")
struct WebhookCrashTests {
    static let environment = [
        "MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION": "false", "MARKETPLACE_AUTH_BCRYPT_COST": "4",
        "MARKETPLACE_WEBHOOKS_RETRY_SCHEDULE": "1,1,1", "MARKETPLACE_WEBHOOKS_TIMEOUT": "2",
    ]

    @Test("an event of a change made just before SIGKILL is in the outbox and delivered after the restart")
    func killAndRestart() async throws {
        let consumer = try WebhookConsumer()
        let dataDir = FileManager.default.temporaryDirectory.appending(path: "webhook-crash-\(UUID().uuidString)").path()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        var server = try ServerProcess(environment: Self.environment, dataDir: dataDir)
        var port = try #require(server.port(from: try server.firstLine(timeout: 30)))
        let seller = try signUpAndLogIn(port: port, email: "seller@example.com", role: "SELLER")
        let customer = try signUpAndLogIn(port: port, email: "customer@example.com")
        let product = try jsonRequest(port: port, "POST", "/api/v1/seller/products",
                                      CatalogHarness.fields("Thing", price: 1000, stock: 5, extra: [:]), token: seller)
        let productID = try #require(try product.json()["id"] as? Int)
        let hook = try jsonRequest(port: port, "POST", "/api/v1/customer/webhooks", ["url": consumer.url("crash"), "events": ["*"]],
                                   token: customer)
        try consumer.secret(try #require(try hook.json()["secret"] as? String), for: "crash")

        var orderIDs: [String] = []
        for _ in 0..<2 {
            let placed = try jsonRequest(port: port, "POST", "/api/v1/customer/orders",
                                         OrdersHarness.orderBody([(productID, 1)]), token: customer)
            #expect(placed.status == 201)
            orderIDs.append(try #require(try placed.json()["id"] as? String))
            server.send(SIGKILL)
            _ = server.waitForExit(timeout: 10)
            // Committed with the change: the event is in the outbox of the dead server's database.
            let database = try TestPostgres.openDatabase(dataDir: dataDir)
            let stored = try await database.read { connection in
                try connection.query("SELECT type, order_id FROM events").map { "\(try $0.string(0)) \(try $0.string(1))" }
            }
            await database.close()
            #expect(stored.contains("order.created \(orderIDs.last ?? "")"))
            server = try ServerProcess(environment: Self.environment, dataDir: dataDir)
            port = try #require(server.port(from: try server.firstLine(timeout: 30)))
        }
        let records = try await consumer.wait(timeout: 20) { records in
            orderIDs.allSatisfy { id in records.contains { $0.orderID == id && $0.status == 200 && $0.type == "order.created" } }
        }
        #expect(records.allSatisfy { $0.verified })
        server.send(SIGTERM)
        _ = server.waitForExit(timeout: 10)
    }
}
