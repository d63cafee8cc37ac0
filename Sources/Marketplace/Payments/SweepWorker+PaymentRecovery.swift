extension SweepWorker {
    /// Settles payments left IN_PROGRESS or UNKNOWN (`PaymentService.recoverDue`) on start (a
    /// payment left mid-flight by a crash is settled after the restart, once its lease expires)
    /// and whenever the next one falls due; the server wakes it when a confirm leaves one
    /// UNKNOWN. Leases, attempts and next_attempt_at live in the database and claims are
    /// guarded UPDATEs, so several servers may each run one (issue #9).
    public static func paymentRecovery(_ service: PaymentService, maxSleep: Double = 30,
                                       failed: @escaping @Sendable (any Error) -> Void = { _ in }) -> SweepWorker {
        SweepWorker(maxSleep: maxSleep, sweep: { _ = try await service.recoverDue() },
                    nextDue: { try await service.secondsUntilNextRecovery() }, failed: failed)
    }
}
