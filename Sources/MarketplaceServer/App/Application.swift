import Auth
import FoundationEssentials
import Glibc
import Marketplace
import Storage
import HTTPServer

/// The composition root, used by `main` and by tests: opens storage, builds every route,
/// binds the socket.
final class Application: Sendable {
    let config: AppConfig
    let logger: Logger
    let database: Database
    let accounts: AccountComponents
    /// Products, listings and the catalog generation (`catalog.generation`) they share.
    let catalog: CatalogComponents
    /// Carts, orders, their payments and the expiry worker.
    let orders: OrderComponents
    /// The payment gateways by provider (`payments.gateways`), for the order service.
    let payments: PaymentComponents
    /// The gateway simulators; nil unless `sandbox.enabled`.
    let sandbox: SandboxComponents?
    /// Webhook endpoints, the feed and the outbox's worker.
    let webhooks: WebhookComponents
    /// Storage, the hasher, the notifiers, the workers and the listener, in start order.
    let lifecycle: Lifecycle
    /// nil when built with `listening: false` (in-process tests call `responder` directly).
    private let server: HTTPServer?
    /// What the engine calls for every request: routing, middleware, handlers.
    let responder: Responder

    /// The port actually bound (useful with `--port 0`); 0 when not listening.
    var port: Int { server?.port ?? 0 }

    private init(config: AppConfig, logger: Logger, database: Database, accounts: AccountComponents, catalog: CatalogComponents,
                 orders: OrderComponents, payments: PaymentComponents, sandbox: SandboxComponents?, webhooks: WebhookComponents,
                 lifecycle: Lifecycle, server: HTTPServer?, responder: Responder) {
        self.config = config
        self.lifecycle = lifecycle
        self.logger = logger
        self.database = database
        self.accounts = accounts
        self.catalog = catalog
        self.orders = orders
        self.payments = payments
        self.sandbox = sandbox
        self.webhooks = webhooks
        self.server = server
        self.responder = responder
    }

    /// Builds the application from a validated configuration; nothing listens until `start()`.
    /// `extraRoutes` lets engine tests mount probes (echo, slow) beside the real routes;
    /// `clock` lets tests move time (code expiry, throttling windows, token lifetimes);
    /// `listening` false binds no socket (in-process handler tests call `responder` directly).
    static func build(config: AppConfig, logger: Logger? = nil, clock: any WallClock = SystemClock(),
                      extraRoutes: (inout Router) -> Void = { _ in }, listening: Bool = true) throws -> Application {
        let logger = logger ?? Logger(minimum: Logger.Level(name: config.log.level) ?? .info)
        let lifecycle = Lifecycle()
        do {
            return try build(config: config, logger: logger, clock: clock, extraRoutes: extraRoutes, listening: listening,
                             lifecycle: lifecycle)
        } catch {
            lifecycle.abandon()
            throw error
        }
    }

    private static func build(config: AppConfig, logger: Logger, clock: any WallClock, extraRoutes: (inout Router) -> Void,
                              listening: Bool, lifecycle: Lifecycle) throws -> Application {
        try DataDirectory.prepare(config.storage.dataDir)
        let database = try DataDirectory.openDatabase(config.storage)
        lifecycle.register("storage", stop: { await database.close() })
        let metrics = Metrics()
        let limits = ServerLimits(config.server)
        // The catalog's one generation: every committed change listings show advances it.
        let catalogGeneration = CatalogGeneration()
        // Servers sharing a PostgreSQL database move each other's generation through NOTIFY.
        let catalogNotifier = database.dialect == SQLDialect.postgres
            ? try PostgresNotifier(url: config.storage.url, channel: "marketplace_catalog",
                                   onNotification: { [catalogGeneration] in catalogGeneration.advanceFromElsewhere() })
            : nil
        if let catalogNotifier {
            lifecycle.register("catalog notifier", stop: { catalogNotifier.stop() })
            catalogGeneration.onAdvance { catalogNotifier.notify() }
        }
        let images = try ImageComponents.make(config: config, database: database, generation: catalogGeneration,
                                              clock: clock, logger: logger)
        let catalog = CatalogComponents.make(config: config, database: database, generation: catalogGeneration, clock: clock)
        let mail = try MailComponents.make(config: config, database: database, clock: clock, logger: logger)
        let accounts = try AccountComponents.make(config: config, database: database, clock: clock, logger: logger,
                                                  generation: catalogGeneration, mailQueued: { mail.worker.wake() })
        lifecycle.register("password hasher", stop: { accounts.hasher.shutdown() })

        let baseURL = PublicBaseURL()
        // The CARD adapter finds a payment's sealed card (for its CANCELs) in the payments table.
        let payments = try PaymentComponents.make(config: config, baseURL: baseURL, clock: clock,
                                                  cardVault: OrderStore(database: database), metrics: metrics)
        let webhooks = try WebhookComponents.make(config: config, database: database, clock: clock, logger: logger)
        let orders = OrderComponents.make(config: config, database: database, generation: catalogGeneration, clock: clock,
                                          gateways: payments.gateways, webhooks: webhooks, mail: mail, logger: logger)
        let settlements = SettlementComponents.make(config: config, database: database, clock: clock, cipher: payments.cardCipher,
                                                    logger: logger)
        lifecycle.register("daily settlement", start: { settlements.daily.start(on: QueueExecutor(label: "settlements.daily")) },
                           stop: { await settlements.daily.stop() })
        let workNotifier = catalogNotifier == nil ? nil
            : try PostgresNotifier(url: config.storage.url, channel: "marketplace_work",
                                   onNotification: { [orders] in orders.workElsewhere() })
        if let workNotifier {
            lifecycle.register("work notifier", stop: { workNotifier.stop() })
            orders.shareWork { workNotifier.notify() }
        }
        // Sweeps at once: orders that fell due while the server was down expire now. Each worker
        // has its own queue, so neither a busy pool nor an event loop delays a sweep or a stop.
        lifecycle.register("order expiry", start: { orders.expiry.start(on: QueueExecutor(label: "orders.expiry")) },
                           stop: { await orders.expiry.stop() })
        // Likewise: payments left IN_PROGRESS by a crash are settled once their lease expires.
        lifecycle.register("payment recovery", start: { orders.recovery.start(on: QueueExecutor(label: "payments.recovery")) },
                           stop: { await orders.recovery.stop() })
        // Resumes at once: events not yet dispatched and deliveries due while the server was down.
        lifecycle.register("webhooks", start: { webhooks.worker.start() }, stop: { await webhooks.worker.stop() })
        // Resumes at once: mail queued while the server was down, and leases of a server that died.
        lifecycle.register("mail", start: { mail.worker.start() }, stop: { await mail.worker.stop() })
        let sandbox = config.sandbox.enabled ? try SandboxComponents.make(config: config, baseURL: baseURL, clock: clock,
                                                                                   cardCipher: payments.cardCipher) : nil

        // Idempotency fingerprints are keyed with the card fingerprint's HMAC key (from config: the
        // same on every server and after restarts), so a card pay body's hash cannot be brute-forced.
        let keyedFingerprint: @Sendable (String) -> String = { [cipher = payments.cardCipher] in cipher.fingerprint(cardNumber: $0) }
        // The general rate limit per client address (docs/API.md §12); off at 0.
        let rateLimiter = config.limits.requestsPerMinute > 0 ? RateLimiter(limit: config.limits.requestsPerMinute) : nil
        var router = Router()
        let document = OpenAPIHolder()
        let statusGauges = StatusGauges(database: database, clock: clock)
        // Each scrape's families beyond requests and gateway calls: orders and payments by
        // status, the webhook deliveries' and the mail queue's gauges, storage, limits, process.
        OperationsRoutes.register(on: &router, database: database, metrics: metrics, openAPI: { document.bytes },
                                  gauges: { await statusGauges.gauges() + [await webhooks.worker.deliveryGauge(), await mail.worker.gauge()].compactMap { $0 }
                                      + Self.storageGauges(database) + Self.rateLimitGauges(rateLimiter)
                                      + ProcessMetrics.gauges() + [Self.buildInfo] })
        DocsRoutes.register(on: &router)
        AuthRoutes.register(on: &router, accounts: accounts.accounts, sessions: accounts.sessions)
        AdminUserRoutes.register(on: &router, admin: accounts.userAdmin)
        images.register(on: &router, baseURL: baseURL)
        S3Routes.register(on: &router, service: S3Routes.Service(store: images.blobs, verifier: Self.s3Verifier(config.storage), clock: clock))
        catalog.register(on: &router, baseURL: baseURL)
        orders.register(on: &router, baseURL: baseURL)
        settlements.register(on: &router)
        webhooks.register(on: &router)
        mail.register(on: &router)
        // The server calls its own simulators: that traffic is not a client's.
        router.withoutRateLimit { sandbox?.register(on: &$0) }
        extraRoutes(&router)
        let table = router.freeze()
        document.set(OpenAPIDocument.render(routes: table.routes, schemas: APISchemas.all, version: Self.version,
                                            server: config.server.publicBaseUrl))

        let responder = Responder(table: table, limits: limits, logger: logger, metrics: metrics,
                                  cors: CORSPolicy(allowedOrigins: Set(config.server.corsAllowedOrigins)),
                                  gate: AccessGate(authenticator: accounts.authenticator),
                                  idempotency: IdempotencyGuard(store: IdempotencyKeyStore(database: database),
                                                                clock: clock, logger: logger, keyed: keyedFingerprint),
                                  proxies: TrustedProxies(configured: config.server.trustedProxies), rateLimiter: rateLimiter,
                                  uploadDirectory: try DataDirectory.uploads(config.storage.dataDir))
        let workers = config.server.workers == 0 ? Sys.cpuCount : config.server.workers
        let server = listening ? try HTTPServer(host: config.server.host, port: config.server.port, workers: workers,
                                                responder: responder, limits: limits) : nil
        if let server {
            // Last in, first out: on stop it drains requests in flight before anything they need goes.
            lifecycle.register("http", start: { server.start() },
                               stop: { await server.shutdown(grace: Double(config.server.shutdownGrace)) })
        }
        baseURL.set(configured: config.server.publicBaseUrl, host: config.server.host, port: server?.port ?? config.server.port)
        return Application(config: config, logger: logger, database: database, accounts: accounts, catalog: catalog, orders: orders,
                           payments: payments, sandbox: sandbox, webhooks: webhooks,
                           lifecycle: lifecycle, server: server, responder: responder)
    }

    /// `/s3`'s signature check with the configured key (none: every request is refused).
    static func s3Verifier(_ storage: AppConfig.Storage) -> SigV4Verifier {
        let key = storage.s3AccessKeyId.flatMap { id in
            storage.s3SecretAccessKey.map { SigV4Verifier.Key(accessKeyId: id, secretAccessKey: $0) }
        }
        return SigV4Verifier(key: key?.accessKeyId.isEmpty == false ? key : nil, region: storage.s3Region)
    }

    /// What the database's writer has done: transactions and the writes they carried (on
    /// SQLite more writes than transactions is group commit at work), writes waiting now, and
    /// PostgreSQL writes run again after a conflict (a rising rate means hot rows).
    static func storageGauges(_ database: Database) -> [Metrics.Gauge] {
        let writes = database.writeStatistics
        return [
            Metrics.Gauge(name: "storage_write_transactions_total", help: "Database write transactions committed or rolled back.",
                          samples: [([], writes.transactions)], type: "counter"),
            Metrics.Gauge(name: "storage_writes_total", help: "Writes those transactions carried (group commit: more than transactions).",
                          samples: [([], writes.writes)], type: "counter"),
            Metrics.Gauge(name: "storage_write_retries_total", help: "PostgreSQL writes run again after a serialization conflict.",
                          samples: [([], database.writeRetries)], type: "counter"),
            Metrics.Gauge(name: "storage_writes_waiting", help: "Writes waiting for the database's writer now.",
                          samples: [([], writes.waiting)]),
        ]
    }

    /// This build's version (`info.version` of `/openapi.json`, `marketplace_build_info`).
    static let version = "1.0.0"

    static let buildInfo = Metrics.Gauge(name: "marketplace_build_info", help: "Always 1; labels name this build.",
                                         samples: [([("version", version), ("swift", swiftVersion)], 1)])

    private static var swiftVersion: String {
        #if swift(>=6.2)
        "6.2"
        #elseif swift(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// Requests the general rate limit refused (a counter) and the client addresses it tracks now.
    static func rateLimitGauges(_ limiter: RateLimiter?) -> [Metrics.Gauge] {
        guard let limiter else { return [] }
        return [
            Metrics.Gauge(name: "http_requests_rate_limited_total", help: "Requests refused with 429 RATE_LIMITED by the general rate limit.",
                          samples: [([], limiter.refused)], type: "counter"),
            Metrics.Gauge(name: "rate_limit_tracked_clients", help: "Client addresses (IPv6: /64 prefixes) the general rate limit tracks.",
                          samples: [([], limiter.tracked)]),
        ]
    }

    /// Creates the admin named by `MARKETPLACE_ADMIN_EMAIL`/`_PASSWORD` if no account has
    /// that email (docs/API.md §2); call before `start()`.
    @discardableResult
    func bootstrapAdmin(environment: [String: String]) async throws -> AccountService.AdminCreation? {
        try await AdminBootstrap.fromEnvironment(environment, accounts: accounts.accounts, logger: logger)
    }

    /// Starts serving.
    func start() {
        lifecycle.start()
        logger.info("server started", [("port", .int(port)), ("dataDir", .string(config.storage.dataDir))])
    }

    /// Stops accepting, finishes requests in flight (up to `server.shutdownGrace`), then stops
    /// the rest in reverse start order and closes storage.
    func shutdown() async {
        await lifecycle.stop()
        logger.info("server stopped")
        logger.flush()
    }
}

/// The OpenAPI bytes, rendered once the route table exists (the document route is part of it).
private final class OpenAPIHolder: @unchecked Sendable {
    // Written once in `build` before the server starts; read-only afterwards.
    private(set) var bytes: [UInt8] = []
    func set(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// The base of URLs handed to clients (image and checkout URLs): `server.publicBaseUrl`, or
/// the address actually bound, known only after the socket is bound, after the routes exist.
final class PublicBaseURL: @unchecked Sendable {
    // Written once in `build` before the server starts; read-only afterwards.
    private(set) var value = ""
    /// The bound address as this process reaches it (loopback for a wildcard host): the
    /// base of the gateways' sandbox URLs, whatever `server.publicBaseUrl` says.
    private(set) var local = ""

    func set(configured: String?, host: String, port: Int) {
        let shown = host == "0.0.0.0" || host == "::" ? "localhost" : (host.contains(":") ? "[\(host)]" : host)
        value = configured ?? "http://\(shown):\(port)"
        let reachable = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "[::1]" : (host.contains(":") ? "[\(host)]" : host)
        local = "http://\(reachable):\(port)"
    }

    /// The URL of a blob object (`/blobs/{bucket}/{key}`).
    func blob(_ bucketAndKey: String) -> String { "\(value)/blobs/\(bucketAndKey)" }
}

extension ServerLimits {
    init(_ server: AppConfig.Server) {
        self.init()
        defaultBodyBytes = server.maxBodyBytes
        headerTimeoutMillis = Int64(server.headerTimeout) * 1000
        idleTimeoutMillis = Int64(server.idleTimeout) * 1000
        bodyTimeoutMillis = Int64(server.bodyTimeout) * 1000
        // A transfer stalled in either direction is dropped after the same time.
        writeTimeoutMillis = bodyTimeoutMillis
    }
}
