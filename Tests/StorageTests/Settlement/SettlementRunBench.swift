import Foundation
import Marketplace
@testable import Storage
import Testing

/// `bench/settlement.sh`: one settlement run over `sellers` sellers and `entries` ledger
/// entries (defaults 10,000 and 1,000,000), seeded in SQL; prints the run's time and the
/// process's peak RSS. Off unless MARKETPLACE_BENCH_SETTLEMENT is set (it is not a test).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MARKETPLACE_BENCH_SETTLEMENT"] != nil))
struct SettlementRunBench {
    @Test("a settlement run over many sellers and entries")
    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let sellers = Int(environment["BENCH_SELLERS"] ?? "") ?? 10_000
        let entries = Int(environment["BENCH_ENTRIES"] ?? "") ?? 1_000_000
        let linesPerOrder = 10, lines = entries / 2, orders = lines / linesPerOrder
        let database = try RepositoryDatabase.make()
        let seedStart = ContinuousClock.now
        try await database.write { connection in
            let series = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            try connection.execute("""
                \(series) INSERT INTO users (id, email, email_normalized, password_hash, name, role, email_verified, created_at)
                SELECT i, 'u' || i || '@example.com', 'u' || i || '@example.com', '$2b$04$x', 'N', CASE WHEN i = 1 THEN 'CUSTOMER' ELSE 'SELLER' END,
                       1, 0 FROM n
                """, sellers + 1)
            try connection.execute("""
                \(series) INSERT INTO payout_accounts (seller_id, bank_code, sealed_account_number, masked_account_number, holder_name,
                                                      status, updated_at)
                SELECT i + 1, '088', 'sealed', '******1234', 'Kim', 'VERIFIED', 0 FROM n
                """, sellers)
            try connection.execute("""
                \(series) INSERT INTO orders (id, customer_id, status, recipient, phone, address1, zip_code, created_at, updated_at, expires_at)
                SELECT 'ord_bench_' || i, 1, 'DELIVERED', 'Kim', '01012345678', 'Seoul', '04524', 0, 0, 0 FROM n
                """, orders)
            try connection.execute("""
                \(series) INSERT INTO ledger_lines (order_id, product_id, seller_id, rate_bps, available_at)
                SELECT 'ord_bench_' || ((i - 1) / \(linesPerOrder) + 1), i, (i % \(sellers)) + 2, 1000, 1000 FROM n
                """, lines)
            try connection.execute("""
                INSERT INTO ledger_entries (seller_id, order_id, product_id, type, amount, created_at)
                SELECT seller_id, order_id, product_id, 'SALE', 10000, 1000 FROM ledger_lines
                """)
            try connection.execute("""
                INSERT INTO ledger_entries (seller_id, order_id, product_id, type, amount, created_at)
                SELECT seller_id, order_id, product_id, 'COMMISSION', -1000, 1000 FROM ledger_lines
                """)
        }
        let seeded = ContinuousClock.now - seedStart
        let store = SettlementStore(database: database)
        let service = SettlementService(repository: store, rules: CommissionStore(database: database), cipher: NoCipher(),
                                        clock: FixedClock(), settings: .init(), holder: "bench")
        let start = ContinuousClock.now
        let made = try await service.sweep(until: 10_000, at: 10_000)
        let elapsed = ContinuousClock.now - start
        let peak = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("VmHWM") } ?? "VmHWM: ?"
        print("settlement bench: \(sellers) sellers, \(entries) entries seeded in \(seeded); run made \(made.count) settlements in "
              + "\(elapsed); peak RSS \(peak.dropFirst(6).trimmingCharacters(in: .whitespaces))")
        #expect(made.count == sellers)
        await database.close()
    }
}

private struct FixedClock: WallClock { func now() -> Double { 10_000 } }
private struct NoCipher: CardCipher {
    func seal(_ plaintext: [UInt8]) throws -> [UInt8] { plaintext }
    func open(_ sealed: [UInt8]) throws -> [UInt8] { sealed }
    func fingerprint(cardNumber: String) -> String { cardNumber }
}
