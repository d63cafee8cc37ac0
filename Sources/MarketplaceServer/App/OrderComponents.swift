import Marketplace
import Storage

/// Carts, orders, payments, the expiry and recovery workers wired to SQLite and the gateway registry.
struct OrderComponents: Sendable {
    let carts: CartService
    let orders: OrderService
    /// Confirm, recovery and refunds (issue #6).
    let payments: PaymentService
    let locks: ProductLocks
    let expiry: SweepWorker
    /// Settles IN_PROGRESS / UNKNOWN payments; started and stopped with the application.
    let recovery: SweepWorker
    /// The registered gateways (`PaymentComponents`): TOSS, KAKAOPAY and CARD.
    let gateways: [PaymentProvider: any PaymentGateway]
    /// `payments.returnUrl`: where the confirming redirect pages send the browser.
    let returnUrl: String?
    private let wake: WakeHandle

    static func make(config: AppConfig, database: Database, generation: CatalogGeneration, clock: any WallClock,
                     gateways: [PaymentProvider: any PaymentGateway], webhooks: WebhookComponents, mail: MailComponents, logger: Logger) -> OrderComponents {
        let carts = CartStore(database: database)
        let locks = ProductLocks(mode: ProductLocks.Mode(rawValue: config.orders.stockLocks) ?? .perProduct)
        let wake = WakeHandle()
        let repository = OrderStore(database: database, events: WebhookComponents.encoder, settlement: config.settlement.policy,
                                    committed: { webhooks.worker.wakeDispatch(); mail.worker.wake() })
        let settings = PaymentSettings(gatewayTimeout: Double(config.payments.gatewayTimeout),
                                       recoveryInterval: Double(config.payments.recoveryInterval),
                                       recoveryMaxAttempts: config.payments.recoveryMaxAttempts)
        let payments = PaymentService(orders: repository, payments: repository, gateways: gateways, locks: locks,
                                      generation: generation, clock: clock, settings: settings,
                                      unsettled: { wake.recovery?.wake(); wake.others?() })
        let orders = OrderService(
            orders: repository, carts: carts, gateways: gateways, locks: locks,
            generation: generation, clock: clock, paymentTimeout: Double(config.orders.paymentTimeout),
            placed: { _ in wake.worker?.wake(); wake.others?() }, refunds: payments)
        let expiry = SweepWorker.orderExpiry(orders, maxSleep: 30) { error in
            logger.error("order expiry sweep failed", [("error", .string("\(error)"))])
        }
        let recovery = SweepWorker.paymentRecovery(payments, maxSleep: 30) { error in
            logger.error("payment recovery sweep failed", [("error", .string("\(error)"))])
        }
        wake.worker = expiry
        wake.recovery = recovery
        return OrderComponents(carts: CartService(carts: carts, clock: clock), orders: orders, payments: payments, locks: locks,
                               expiry: expiry, recovery: recovery, gateways: gateways,
                               returnUrl: config.payments.returnUrl, wake: wake)
    }

    /// With several servers on one database: `tell` is called whenever this server placed an
    /// order or left a payment unsettled, to wake the other servers' sweep workers (so that if
    /// this server dies, another takes its work over when it falls due, not at its next poll).
    /// Call before `start`.
    func shareWork(_ tell: @escaping @Sendable () -> Void) {
        wake.others = tell
    }

    /// Another server placed an order or left a payment unsettled: look again when it falls due.
    func workElsewhere() {
        expiry.wake()
        recovery.wake()
    }

    func register(on router: inout Router, baseURL: PublicBaseURL) {
        CartRoutes.register(on: &router, carts: carts, baseURL: baseURL)
        OrderRoutes.register(on: &router, orders: orders)
        PaymentRoutes.register(on: &router, payments: payments)
        CardPaymentRoutes.register(on: &router, payments: payments)
        SellerOrderRoutes.register(on: &router, orders: orders)
        AdminOrderRoutes.register(on: &router, orders: orders)
        AdminPaymentRoutes.register(on: &router, payments: payments)
        PaymentRedirectPages.register(on: &router, payments: payments, returnUrl: returnUrl)
    }
}

/// The workers the services wake: each service is built before the worker that runs it.
private final class WakeHandle: @unchecked Sendable {
    // Written once in `make` (and `shareWork`), before any request; read-only afterwards.
    var worker: SweepWorker?
    var recovery: SweepWorker?
    var others: (@Sendable () -> Void)?
}
