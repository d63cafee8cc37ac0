extension SweepWorker {
    /// The daily settlement run at `settlement.runHour` KST. Each sweep runs the latest due
    /// run not yet recorded (`lastDailyRun`), so a server down at the hour runs it on start;
    /// on a database that never had one it only records the current period (nothing to
    /// settle on a fresh install, and no surprise run at a first start). Another server holding
    /// the lease (409) means that server runs it: this one records nothing and looks again later.
    public static func dailySettlement(_ service: SettlementService, maxSleep: Double = 3600,
                                       failed: @escaping @Sendable (any Error) -> Void = { _ in }) -> SweepWorker {
        SweepWorker(maxSleep: maxSleep, sweep: { try await service.dailyRunIfDue() },
                    nextDue: { max(0, service.nextRunAt() - service.clock.now()) }, failed: failed)
    }
}

extension SettlementService {
    /// The run due at the most recent `runHour` KST, if not yet made.
    public func dailyRunIfDue() async throws {
        let due = nextRunAt() - 86_400
        guard let last = try await repository.lastDailyRun() else {
            try await repository.recordDailyRun(until: due)
            return
        }
        guard last < due else { return }
        do {
            _ = try await sweep(until: due, at: clock.now())
        } catch MarketplaceError.conflict(code: "SETTLEMENT_IN_PROGRESS", _) {
            return
        }
        try await repository.recordDailyRun(until: due)
    }
}
