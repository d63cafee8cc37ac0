extension SweepWorker {
    /// Expires unpaid orders (`OrderService.expireDue`) on start and whenever the earliest
    /// pending order falls due; the server wakes it when an order is placed.
    public static func orderExpiry(_ service: OrderService, maxSleep: Double = 30,
                                   failed: @escaping @Sendable (any Error) -> Void = { _ in }) -> SweepWorker {
        SweepWorker(maxSleep: maxSleep, sweep: { _ = try await service.expireDue() },
                    nextDue: { try await service.secondsUntilNextExpiry() }, failed: failed)
    }
}
