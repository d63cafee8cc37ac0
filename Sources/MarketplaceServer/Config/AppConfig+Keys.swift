extension AppConfig {
    /// Every key the file, the environment and flags may set, in docs/API.md §8 order.
    /// A key missing here is an "unknown key" in the file and ignored in the environment.
    static let keys: [ConfigKey] = [
        .string("server.host", \.server.host),
        .int("server.port", \.server.port),
        .optionalString("server.publicBaseUrl", \.server.publicBaseUrl),
        .stringList("server.corsAllowedOrigins", \.server.corsAllowedOrigins),
        .stringList("server.trustedProxies", \.server.trustedProxies),
        .int("server.maxBodyBytes", \.server.maxBodyBytes),
        .int("server.headerTimeout", \.server.headerTimeout),
        .int("server.idleTimeout", \.server.idleTimeout),
        .int("server.bodyTimeout", \.server.bodyTimeout),
        .int("server.shutdownGrace", \.server.shutdownGrace),
        .int("server.workers", \.server.workers),

        .string("storage.dataDir", \.storage.dataDir),
        // Null (file) or empty (environment) goes back to deriving it from storage.dataDir.
        .optionalString("storage.url", \.storage.urlOverride),
        .int("storage.poolSize", \.storage.poolSize),
        .optionalString("storage.s3.accessKeyId", \.storage.s3AccessKeyId),
        .optionalString("storage.s3.secretAccessKey", \.storage.s3SecretAccessKey),
        .string("storage.s3.region", \.storage.s3Region),

        .int("auth.bcryptCost", \.auth.bcryptCost),
        .int("auth.tokenTtl", \.auth.tokenTtl),
        .bool("auth.requireEmailVerification", \.auth.requireEmailVerification),
        .int("auth.hashWorkers", \.auth.hashWorkers),
        .int("auth.hashQueueLimit", \.auth.hashQueueLimit),

        .int("limits.signupsPerHour", \.authLimits.signupsPerHour),
        .int("limits.loginFailuresPerAddress", \.authLimits.loginFailuresPerAddress),
        .int("limits.loginFailuresPerEmail", \.authLimits.loginFailuresPerEmail),
        .int("limits.loginWindow", \.authLimits.loginWindow),
        .int("limits.resendInterval", \.authLimits.resendInterval),
        .int("limits.resendsPerDay", \.authLimits.resendsPerDay),

        .bool("catalog.listingCache", \.catalog.listingCache),

        .int("orders.paymentTimeout", \.orders.paymentTimeout),
        .string("orders.stockLocks", \.orders.stockLocks),

        .int("payments.gatewayTimeout", \.payments.gatewayTimeout),
        .int("payments.maxConnections", \.payments.maxConnections),
        .int("payments.recoveryInterval", \.payments.recoveryInterval),
        .int("payments.recoveryMaxAttempts", \.payments.recoveryMaxAttempts),
        .optionalString("payments.returnUrl", \.payments.returnUrl),
        .optionalString("payments.toss.baseUrl", \.payments.toss.baseUrl),
        .string("payments.toss.secretKey", \.payments.toss.secretKey),
        .string("payments.toss.clientKey", \.payments.toss.clientKey),
        .optionalString("payments.kakaopay.baseUrl", \.payments.kakaopay.baseUrl),
        .string("payments.kakaopay.secretKey", \.payments.kakaopay.secretKey),
        .string("payments.kakaopay.cid", \.payments.kakaopay.cid),
        .optionalString("payments.card.baseUrl", \.payments.card.baseUrl),
        .string("payments.card.encryptionKey", \.payments.card.encryptionKey),

        .int("settlement.commissionRateBps", \.settlement.commissionRateBps),
        .int("settlement.holdDays", \.settlement.holdDays),
        .int("settlement.runHour", \.settlement.runHour),
        .int("settlement.minimumPayout", \.settlement.minimumPayout),
        .string("payouts.provider", \.payouts.provider),

        .int("webhooks.timeout", \.webhooks.timeout),
        .intList("webhooks.retrySchedule", \.webhooks.retrySchedule),
        .bool("webhooks.allowPrivateNetworks", \.webhooks.allowPrivateNetworks),

        .string("mail.transport", \.mail.transport),
        .string("mail.from", \.mail.from),
        .intList("mail.retrySchedule", \.mail.retrySchedule),
        .string("mail.smtp.host", \.mail.smtp.host),
        .int("mail.smtp.port", \.mail.smtp.port),
        .string("mail.smtp.security", \.mail.smtp.security),
        .optionalString("mail.smtp.username", \.mail.smtp.username),
        .optionalString("mail.smtp.password", \.mail.smtp.password),
        .optionalString("mail.smtp.caFile", \.mail.smtp.caFile),
        .int("mail.smtp.timeout", \.mail.smtp.timeout),

        .int("limits.requestsPerMinute", \.limits.requestsPerMinute),

        .bool("sandbox.enabled", \.sandbox.enabled),

        .string("log.level", \.log.level),
    ]

    /// Looks a key up by its dotted path.
    static func key(_ path: String) -> ConfigKey? {
        keys.first { $0.path == path }
    }
}
