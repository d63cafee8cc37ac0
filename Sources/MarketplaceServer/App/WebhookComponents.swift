import Gateways
import Auth
import Marketplace
import Storage

/// Webhook endpoints, the customers' feed, and the worker that fans the outbox out
/// and delivers it (issue #8).
struct WebhookComponents: Sendable {
    let service: WebhookService
    let worker: WebhookWorker

    /// The outbox's payloads: the order JSON the API shows (full, and the seller view).
    static let encoder = OrderEventEncoder(full: { OrderResponse.body($0) }, seller: { OrderResponse.body($0, view: .seller) })

    static func make(config: AppConfig, database: Database, clock: any WallClock, logger: Logger) throws -> WebhookComponents {
        // Real time: signatures carry a timestamp that consumers check against their clock.
        let worker = try WebhookWorker(dispatch: EventDispatch(database: database), settings: config.webhooks,
                                   clock: SystemClock(), logger: logger)
        let service = WebhookService(
            repository: WebhookStore(database: database), clock: clock, makeSecret: { try WebhookSignature.makeSecret() },
            checkURL: WebhookTarget.checker(allowPrivate: config.webhooks.allowPrivateNetworks),
            retried: { worker.wakeDelivery() })
        return WebhookComponents(service: service, worker: worker)
    }

    func register(on router: inout Router) {
        WebhookRoutes.register(on: &router, webhooks: service)
        NotificationRoutes.register(on: &router, webhooks: service)
    }
}
