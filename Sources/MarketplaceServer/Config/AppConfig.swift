/// Everything the server reads at start, one nested section per key prefix (docs/API.md §8).
///
/// `AppConfig()` holds the embedded defaults; `AppConfig.load(arguments:environment:)`
/// layers the config file, `MARKETPLACE_*` variables and flags on top and validates.
/// Durations are whole seconds.
struct AppConfig: Sendable, Equatable {
    var server = Server()
    var storage = Storage()
    var auth = Auth()
    var authLimits = AuthLimits()
    var catalog = Catalog()
    var orders = Orders()
    var payments = Payments()
    var settlement = Settlement()
    var payouts = Payouts()
    var webhooks = Webhooks()
    var mail = Mail()
    var limits = Limits()
    var sandbox = Sandbox()
    var log = Log()

    struct Server: Sendable, Equatable {
        var host = "0.0.0.0"
        /// 0 asks the kernel for any free port; the listener reports the one bound.
        var port = 8080
        /// nil means "the address actually bound"; the application fills it in after bind.
        var publicBaseUrl: String?
        /// Exact origins (`scheme://host[:port]`) allowed by CORS; empty allows none.
        var corsAllowedOrigins: [String] = []
        /// Addresses and CIDR ranges of the proxies whose `X-Forwarded-For` names the client
        /// (`TrustedProxies`); empty: the socket peer is the client.
        var trustedProxies: [String] = []
        var maxBodyBytes = 1_048_576
        var headerTimeout = 10
        var idleTimeout = 60
        var bodyTimeout = 30
        /// How long SIGTERM/SIGINT waits for requests in flight.
        var shutdownGrace = 10
        /// Event-loop threads; 0 means one per core.
        var workers = 0
    }

    struct Storage: Sendable, Equatable {
        var dataDir = "./data"
        /// nil derives `url` from `dataDir`; set by `storage.url` or by assigning `url`.
        var urlOverride: String?
        /// PostgreSQL connections each server may open (ignored by SQLite).
        var poolSize = 16
        /// The one key `/s3` accepts (docs/API.md §9); without it `/s3` refuses everything.
        var s3AccessKeyId: String?
        var s3SecretAccessKey: String?
        /// The region clients sign for.
        var s3Region = "us-east-1"

        /// `sqlite:<dataDir>/marketplace.sqlite` unless set, so moving `dataDir` (by flag,
        /// environment, or a test's temp directory) moves the database with it.
        var url: String {
            get {
                urlOverride ?? "sqlite:" + (dataDir.hasSuffix("/") ? dataDir : dataDir + "/") + "marketplace.sqlite"
            }
            set { urlOverride = newValue }
        }
    }

    struct Auth: Sendable, Equatable {
        var bcryptCost = 12
        var tokenTtl = 86_400
        var requireEmailVerification = true
        /// Threads that run bcrypt, apart from the event loops; 0 means one per core.
        var hashWorkers = 0
        /// Hashes that may wait for a thread; beyond it logins and signups get 503 + Retry-After.
        var hashQueueLimit = 128
    }

    struct Catalog: Sendable, Equatable {
        /// Keep rendered listing pages for the current catalog generation; false answers
        /// every listing from the database (counts stay cached either way).
        var listingCache = true
    }

    struct Orders: Sendable, Equatable {
        /// Unpaid orders expire after it.
        var paymentTimeout = 900
        /// `perProduct` (one lock per product) or `global` (one lock for every product, for
        /// the benchmark's comparison); see `ProductLocks`.
        var stockLocks = "perProduct"

        static let stockLockModes = ["perProduct", "global"]
    }

    struct Webhooks: Sendable, Equatable {
        var timeout = 10
        /// Delays between attempts; its length bounds the retries.
        var retrySchedule = [5, 300, 1800, 7200, 18_000, 36_000, 36_000]
        /// False in production so endpoints cannot reach loopback, RFC 1918 or link-local hosts.
        var allowPrivateNetworks = true
    }

    struct Limits: Sendable, Equatable {
        /// The general rate limit per client address, over a sliding minute; 0 turns it off.
        var requestsPerMinute = 600
    }

    struct Sandbox: Sendable, Equatable {
        /// Serve the gateway simulators and point gateways without a `baseUrl` at them.
        var enabled = true
    }

    struct Log: Sendable, Equatable {
        /// One of `Log.levels`.
        var level = "info"

        /// swift-log's names, so operators need not learn new ones.
        static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    }
}
