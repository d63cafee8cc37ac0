import Foundation
import Marketplace
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("seed-demo") struct SeedDemoTests {
    @Test("seeds verified sellers and N products, reuses the sellers on a second run, and the server lists them")
    func seeds() async throws {
        let dataDir = NSTemporaryDirectory() + "marketplace-seed-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        var config = AppConfig()
        config.storage.dataDir = dataDir
        config.storage.urlOverride = try TestPostgres.storageURL(forDataDir: dataDir)
        config.auth.bcryptCost = 4
        var lines: [String] = []
        #expect(await DemoSeed.runCommand(config: config, products: 2_000, out: { lines.append($0) }, err: { lines.append($0) }) == 0)
        #expect(await DemoSeed.runCommand(config: config, products: 500, out: { _ in }, err: { lines.append($0) }) == 0)
        #expect(lines.first?.hasPrefix("seeded 2000 products") == true, "\(lines)")

        // Each run starts the same fixed-seed sequence afresh.
        let sellers = (1...5).map { UserID(rawValue: Int64($0)) }
        var firstRun = DemoCatalog(sellers: sellers), secondRun = DemoCatalog(sellers: sellers)
        let onSale = (firstRun.next(2_000) + secondRun.next(500)).count { $0.product.status == .onSale }
        let database = try TestPostgres.openDatabase(dataDir: dataDir)
        let counts = try await database.read { connection in
            (try connection.queryRow("SELECT count(*) FROM products")?.int(0),
             try connection.queryRow("SELECT count(*) FROM users WHERE role = 'SELLER' AND email_verified = 1")?.int(0))
        }
        await database.close()
        #expect(counts.0 == 2_500 && counts.1 == 5)

        try await offPool {
            let server = try TestServer(configure: { $0.storage.dataDir = dataDir })
            let page = try? server.request("GET", "/api/v1/products?page=2&size=20&sort=name").json()
            let login = try? server.request("POST", "/api/v1/auth/login", headers: [("Content-Type", "application/json")],
                                            body: #"{"email": "seller1@demo.example", "password": "demo-password"}"#)
            await server.stop()
            #expect(page?["totalItems"] as? Int == onSale && (page?["items"] as? [Any])?.count == 20)
            #expect(login?.status == 200)
        }
    }
}
