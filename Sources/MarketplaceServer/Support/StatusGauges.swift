import Marketplace
import Storage
import Synchronization
import HTTPServer

/// The families `/metrics` reads from the tables: orders and payments by status, payments
/// awaiting recovery and the oldest one's age. Kept cheap to scrape: one read transaction of
/// three indexed aggregates (`StatusCountStore`), cached for `ttl` seconds, so any number of
/// scrapers cost at most one such read per `ttl`; a failed read serves the last good answer
/// (or leaves the families out).
final class StatusGauges: Sendable {
    private let store: StatusCountStore
    private let clock: any WallClock
    private let ttl: Double
    private let cached = Mutex<(at: Double, snapshot: StatusCountStore.Snapshot)?>(nil)

    init(database: Database, clock: any WallClock, ttl: Double = 5) {
        store = StatusCountStore(database: database)
        self.clock = clock
        self.ttl = ttl
    }

    func gauges() async -> [Metrics.Gauge] {
        let now = clock.now()
        var snapshot = cached.withLock { entry in entry.flatMap { now - $0.at < ttl && now >= $0.at ? $0.snapshot : nil } }
        if snapshot == nil {
            if let fresh = try? await store.snapshot(at: now) {
                cached.withLock { $0 = (now, fresh) }
                snapshot = fresh
            } else {
                snapshot = cached.withLock { $0?.snapshot }
            }
        }
        guard let snapshot else { return [] }
        let oldest = snapshot.oldestAwaitingRecovery.map { max(0, now - $0) } ?? 0
        return [
            Metrics.Gauge(name: "marketplace_orders", help: "Orders by status.",
                          samples: OrderStatus.allCases.map { ([("status", $0.rawValue)], snapshot.orders[$0.rawValue] ?? 0) }),
            Metrics.Gauge(name: "marketplace_payments", help: "Payments by status.",
                          samples: PaymentStatus.allCases.map { ([("status", $0.rawValue)], snapshot.payments[$0.rawValue] ?? 0) }),
            Metrics.Gauge(name: "marketplace_payments_awaiting_recovery",
                          help: "Payments the recovery worker has to settle: UNKNOWN, or IN_PROGRESS past their lease.",
                          samples: [([], snapshot.awaitingRecovery)]),
            Metrics.Gauge(name: "marketplace_payments_awaiting_recovery_oldest_age_seconds",
                          help: "Seconds since the oldest payment awaiting recovery was created (0 when none).",
                          samples: [([], (oldest * 1000).rounded() / 1000)]),
        ]
    }
}
