import Marketplace
import Storage

/// Carts, orders, payments and the expiry worker wired to SQLite and the gateway registry.
struct OrderComponents: Sendable {
    let carts: CartService
    let orders: OrderService
    let locks: ProductLocks
    let expiry: OrderExpiryWorker
    /// The registered gateways (`PaymentComponents`): TOSS and KAKAOPAY; CARD answers 503
    /// until its adapter is registered (issue #7).
    let gateways: [PaymentProvider: any PaymentGateway]

    static func make(config: AppConfig, database: Database, generation: CatalogGeneration, clock: any WallClock,
                     gateways: [PaymentProvider: any PaymentGateway], webhooks: WebhookComponents, logger: Logger) -> OrderComponents {
        let carts = SQLiteCartRepository(database: database)
        let locks = ProductLocks(mode: ProductLocks.Mode(rawValue: config.orders.stockLocks) ?? .perProduct)
        let wake = WakeHandle()
        let orders = OrderService(
            orders: SQLiteOrderRepository(database: database, events: WebhookComponents.encoder,
                                          committed: { webhooks.worker.wakeDispatch() }), carts: carts, gateways: gateways, locks: locks,
            generation: generation, clock: clock, paymentTimeout: Double(config.orders.paymentTimeout),
            placed: { _ in wake.worker?.wake() })
        let expiry = OrderExpiryWorker(service: orders, maxSleep: 30) { error in
            logger.error("order expiry sweep failed", [("error", .string("\(error)"))])
        }
        wake.worker = expiry
        return OrderComponents(carts: CartService(carts: carts, clock: clock), orders: orders, locks: locks, expiry: expiry,
                               gateways: gateways)
    }

    func register(on router: inout Router, baseURL: PublicBaseURL) {
        CartRoutes.register(on: &router, carts: carts, baseURL: baseURL)
        OrderRoutes.register(on: &router, orders: orders)
        SellerOrderRoutes.register(on: &router, orders: orders)
        AdminOrderRoutes.register(on: &router, orders: orders)
    }
}

/// The worker the order service wakes: the service is built before the worker that runs it.
private final class WakeHandle: @unchecked Sendable {
    // Written once in `make`, before any request; read-only afterwards.
    var worker: OrderExpiryWorker?
}
