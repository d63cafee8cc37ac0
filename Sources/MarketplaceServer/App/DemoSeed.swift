import Auth
import Marketplace
import Storage

/// `MarketplaceServer seed-demo --products N`: verified demo sellers (created once, reused
/// by later runs) and N deterministic products (`DemoCatalog`), written in large
/// transactions. For demos and benchmarks; the server need not be running.
enum DemoSeed {
    static let sellerCount = 5
    static let password = "demo-password"
    static let batchSize = 10_000

    static func email(_ index: Int) -> String { "seller\(index)@demo.example" }

    /// Returns the exit status: 0 when seeded, 1 when storage fails.
    static func runCommand(config: AppConfig, products count: Int, clock: any WallClock = SystemClock(),
                           out: (String) -> Void = Console.out, err: (String) -> Void = Console.error) async -> Int32 {
        let database: Database
        do {
            try DataDirectory.prepare(config.storage.dataDir)
            database = try DataDirectory.openDatabase(config.storage)
        } catch {
            err("seed-demo: cannot open storage: \(error)")
            return 1
        }
        var status: Int32 = 0
        do {
            let started = clock.now()
            let sellers = try await demoSellers(config: config, database: database, clock: clock)
            var catalog = DemoCatalog(sellers: sellers.map(\.id))
            let products = ProductStore(database: database)
            var remaining = count, hidden = 0
            while remaining > 0 {
                let batch = catalog.next(min(batchSize, remaining))
                hidden += batch.count { $0.product.status == .hidden }
                try await products.importProducts(batch)
                remaining -= batch.count
            }
            let seconds = ((clock.now() - started) * 10).rounded() / 10
            out("seeded \(count) products (\(count - hidden) ON_SALE, \(hidden) HIDDEN) for \(sellers.count) sellers in \(seconds) s")
            out("sellers: \(email(1)) … \(email(sellerCount)), password \(password)")
        } catch {
            err("seed-demo: \(error)")
            status = 1
        }
        await database.close()
        return status
    }

    /// The demo sellers, verified; made on the first run (one bcrypt hash shared by all).
    static func demoSellers(config: AppConfig, database: Database, clock: any WallClock) async throws -> [User] {
        let users = UserStore(database: database)
        var sellers: [User] = []
        var hash: String?
        for index in 1...sellerCount {
            guard let address = EmailAddress(email(index)) else { continue }
            if let existing = try await users.credentials(forEmail: address.normalized) {
                sellers.append(existing.user)
                continue
            }
            if hash == nil {
                let hasher = try BcryptPasswordHasher(cost: config.auth.bcryptCost, workers: 1, queueLimit: 1)
                defer { hasher.shutdown() }
                hash = try await hasher.hash(password)
            }
            let account = NewAccount(email: address, password: password, name: "Demo Seller \(index)",
                                     phone: "0101000000\(index)", role: .seller, emailVerified: true)
            sellers.append(try await users.create(account, passwordHash: hash ?? "", createdAt: clock.now()))
        }
        return sellers
    }
}
