import Marketplace
@testable import Storage
import Synchronization
import Testing

/// The daily run's schedule on the real lease row: at `runHour` KST, once per day, a missed
/// day run at the next sweep, nothing recorded while another server holds the lease.
struct DailyRunTests {
    final class Clock: WallClock {
        let seconds: Mutex<Double>
        init(_ start: Double) { seconds = Mutex(start) }
        func now() -> Double { seconds.withLock { $0 } }
        func advance(by delta: Double) { seconds.withLock { $0 += delta } }
    }

    struct Plain: CardCipher {
        func seal(_ plaintext: [UInt8]) throws -> [UInt8] { plaintext }
        func open(_ sealed: [UInt8]) throws -> [UInt8] { sealed }
        func fingerprint(cardNumber: String) -> String { cardNumber }
    }

    @Test("runs once a day at runHour KST; a first start only records; another holder's lease defers it")
    func schedule() async throws {
        let database = try RepositoryDatabase.make()
        let store = SettlementStore(database: database)
        // 2026-12-04 02:00 KST = 2026-12-03T17:00:00Z.
        let clock = Clock(1_796_317_200)
        let service = SettlementService(repository: store, rules: CommissionStore(database: database), cipher: Plain(), clock: clock,
                                        settings: .init(runHour: 3), holder: "a")
        let today3 = 1_796_320_800.0   // 2026-12-04 03:00 KST
        #expect(service.nextRunAt() == today3)
        try await service.dailyRunIfDue()
        #expect(try await store.lastDailyRun() == today3 - 86_400)   // first start: the last due run recorded, none made
        clock.advance(by: 3600 + 60)   // 03:01 KST
        #expect(service.nextRunAt() == today3 + 86_400)
        #expect(try await store.acquireRun(holder: "b", leaseUntil: clock.now() + 600, at: clock.now()))
        try await service.dailyRunIfDue()
        #expect(try await store.lastDailyRun() == today3 - 86_400)   // b holds the lease: b runs it, a records nothing
        try await store.releaseRun(holder: "b")
        try await service.dailyRunIfDue()
        #expect(try await store.lastDailyRun() == today3)
        clock.advance(by: 2 * 86_400)   // two days down: the latest due run, once
        try await service.dailyRunIfDue()
        #expect(try await store.lastDailyRun() == today3 + 2 * 86_400)
        await database.close()
    }
}
