import Gateways
import Auth
import Marketplace
import Storage
import Synchronization

/// Two background loops, each on a queue of its own (like `SweepWorker`: neither an
/// event loop nor a busy cooperative pool delays them, and they never block a request):
///
/// - dispatch: new outbox events → deliveries, feed entries (one transaction per batch,
///   `EventDispatch.dispatch`). Woken by every order write (`wakeDispatch`), and every
///   second regardless (events of another server, or left by a restart).
/// (Mail is queued with each change itself and sent by `MailWorker`.)
/// - delivery: claims due deliveries with a lease and POSTs them, at most `maxInFlight` at
///   once; woken when the dispatcher created deliveries, when an attempt ends, by a manual
///   retry, and at the next due time (at most 1 s). A restart finds PENDING rows and
///   expired leases in the database: nothing lives only in memory.
final class WebhookWorker: Sendable {
    let dispatch: EventDispatch
    let transport: any WebhookTransport
    let settings: AppConfig.Webhooks
    let clock: any WallClock
    let logger: Logger
    static let maxInFlight = 8
    static let poll = 1.0

    private let dispatchWakeup = Wakeup()
    private let deliveryWakeup = Wakeup()
    private let tasks = Mutex<[Task<Void, Never>]>([])
    /// Attempts running now (≤ `maxInFlight`).
    private let inFlight = Atomic<Int>(0)

    init(dispatch: EventDispatch, settings: AppConfig.Webhooks, clock: any WallClock, logger: Logger) throws {
        self.dispatch = dispatch
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.transport = try StandardWebhookSender(timeout: Double(settings.timeout), allowPrivateNetworks: settings.allowPrivateNetworks)
    }

    /// An order write committed (maybe with an event): dispatch now.
    func wakeDispatch() { dispatchWakeup.signal() }
    /// A delivery became due (manual retry): look now.
    func wakeDelivery() { deliveryWakeup.signal() }

    func start() {
        tasks.withLock { tasks in
            guard tasks.isEmpty else { return }
            tasks.append(Task(executorPreference: QueueExecutor(label: "webhooks.dispatch")) { [self] in await runDispatch() })
            tasks.append(Task(executorPreference: QueueExecutor(label: "webhooks.delivery")) { [self] in await runDeliveries() })
        }
    }

    /// Stops both loops; attempts in flight are cancelled and, their leases running out,
    /// made again later (at-least-once).
    func stop() async {
        let running = tasks.withLock { tasks in defer { tasks = [] }; return tasks }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    /// `webhook_deliveries{status}` for `/metrics`: deliveries by their current status (nil if storage fails).
    func deliveryGauge() async -> Metrics.Gauge? {
        guard let counts = try? await dispatch.deliveryCounts() else { return nil }
        return Metrics.Gauge(name: "webhook_deliveries", help: "Webhook deliveries (event × endpoint) by status.",
                             samples: DeliveryStatus.allCases.map { ([("status", $0.rawValue)], counts[$0.rawValue] ?? 0) })
    }

    // MARK: Dispatch

    private func runDispatch() async {
        while !Task.isCancelled {
            do {
                while true {
                    let batch = try await dispatch.dispatch(limit: 100, at: clock.now())
                    if batch.deliveries > 0 { deliveryWakeup.signal() }
                    if batch.events < 100 { break }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("webhook dispatch failed", [("error", .string("\(error)"))])
            }
            await dispatchWakeup.wait(upTo: Self.poll)
        }
    }

    // MARK: Delivery

    private func runDeliveries() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                var pause = Self.poll
                do {
                    let free = Self.maxInFlight - inFlight.load(ordering: .relaxed)
                    if free > 0 {
                        let lease = Double(settings.timeout) + 5
                        let claimed = try await dispatch.claimDue(limit: free, lease: lease, at: clock.now())
                        for delivery in claimed {
                            inFlight.add(1, ordering: .relaxed)
                            group.addTask { [self] in
                                await attempt(delivery)
                                inFlight.subtract(1, ordering: .relaxed)
                                deliveryWakeup.signal()
                            }
                        }
                        if claimed.count == free { continue }   // maybe more are due: claim as slots free up
                    }
                    if inFlight.load(ordering: .relaxed) < Self.maxInFlight, let next = try await dispatch.nextDue() {
                        pause = min(max(next - clock.now(), 0.01), Self.poll)
                    }
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("webhook delivery claim failed", [("error", .string("\(error)"))])
                }
                await deliveryWakeup.wait(upTo: pause)
            }
        }
    }

    /// One attempt: guard, sign, POST, record.
    private func attempt(_ delivery: DueDelivery) async {
        let started = clock.now()
        let outcome = await send(delivery, started: started)
        if Task.isCancelled { return }   // stopping: the lease runs out and the attempt is made again
        do {
            try await dispatch.record(outcome, of: delivery, schedule: settings.retrySchedule, at: clock.now())
        } catch {
            logger.error("webhook attempt not recorded", [("error", .string("\(error)")), ("delivery", .int(Int(delivery.id)))])
        }
    }

    private func send(_ delivery: DueDelivery, started: Double) async -> DeliveryOutcome {
        let attempt = OutgoingWebhook(url: delivery.url, secret: delivery.secret, eventID: delivery.eventID,
                                     timestamp: Int64(clock.now()), body: Self.body(delivery))
        let result = await transport.deliver(attempt)
        let duration = Self.millis(since: started, clock)
        switch result {
        case .succeeded(let status):
            return DeliveryOutcome(result: .succeeded, responseStatus: status, error: nil, durationMs: duration)
        case .gone:
            return DeliveryOutcome(result: .gone, responseStatus: 410, error: "410 Gone: the endpoint is disabled", durationMs: duration)
        case .failed(let status, let reason):
            return DeliveryOutcome(result: .failed, responseStatus: status, error: reason, durationMs: duration)
        }
    }

    /// `{"id", "type", "createdAt", "data": {"order": …}}`; the order bytes as stored.
    static func body(_ delivery: DueDelivery) -> [UInt8] {
        var json = JSONWriter(capacity: delivery.order.count + 200)
        json.beginObject()
        json.member("id", delivery.eventID)
        json.member("type", delivery.eventType)
        json.member("createdAt", time: delivery.eventCreatedAt)
        json.key("data")
        json.beginObject()
        json.key("order")
        json.raw(delivery.order)
        json.endObject()
        json.endObject()
        return json.bytes
    }

    static func millis(since start: Double, _ clock: any WallClock) -> Int { max(0, Int(((clock.now() - start) * 1000).rounded())) }
}
