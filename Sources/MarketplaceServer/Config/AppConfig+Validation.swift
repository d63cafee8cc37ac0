import FoundationEssentials

extension AppConfig {
    /// Written into example files for values an operator must supply; never accepted.
    static let placeholder = "CHANGE_ME"

    /// Checks ranges and formats of the merged configuration and throws the first problem.
    /// Values that may be secrets (keys, database URLs) are never echoed in messages.
    /// Every placeholder left in is reported first, all at once (`ConfigError.placeholders`).
    func validate() throws {
        let unset = placeholderKeys()
        if !unset.isEmpty { throw ConfigError.placeholders(keys: unset) }
        try require(!server.host.isEmpty, "server.host", "must not be empty")
        try require((0...65_535).contains(server.port), "server.port", "must be 0–65535 (got \(server.port))")
        if let url = server.publicBaseUrl { try Self.httpURL("server.publicBaseUrl", url) }
        // `*` alone: any origin, answered `Access-Control-Allow-Origin: *` (CORSPolicy).
        for origin in server.corsAllowedOrigins where origin != CORSPolicy.anyOrigin { try Self.origin(origin) }
        for proxy in server.trustedProxies { try Self.trustedProxy(proxy) }
        try Self.positive("server.maxBodyBytes", server.maxBodyBytes)
        try Self.positive("server.headerTimeout", server.headerTimeout)
        try Self.positive("server.idleTimeout", server.idleTimeout)
        try Self.positive("server.bodyTimeout", server.bodyTimeout)
        try Self.notNegative("server.shutdownGrace", server.shutdownGrace)
        // A cap catches a typo that would otherwise start thousands of loop threads.
        try Self.between("server.workers", server.workers, 0...1024)

        try require(!storage.dataDir.isEmpty, "storage.dataDir", "must not be empty")
        try Self.storageURL(storage.url)
        try require((1...500).contains(storage.poolSize), "storage.poolSize", "must be between 1 and 500")
        try s3Key()

        try Self.between("auth.bcryptCost", auth.bcryptCost, 4...31)
        // Cost 4 is fine for tests and the sandbox, but offline cracking of leaked hashes
        // is cheap below 10, so a production start refuses it.
        if !sandbox.enabled {
            try require(
                auth.bcryptCost >= 10, "auth.bcryptCost",
                "must be at least 10 when sandbox.enabled is false (got \(auth.bcryptCost))")
        }
        try Self.positive("auth.tokenTtl", auth.tokenTtl)
        try Self.between("auth.hashWorkers", auth.hashWorkers, 0...256)
        try Self.between("auth.hashQueueLimit", auth.hashQueueLimit, 1...100_000)
        try authLimits.validate()
        try Self.positive("orders.paymentTimeout", orders.paymentTimeout)
        try require(
            Orders.stockLockModes.contains(orders.stockLocks), "orders.stockLocks",
            "must be one of \(Orders.stockLockModes.joined(separator: ", ")) (got \"\(orders.stockLocks)\")")

        try Self.positive("payments.gatewayTimeout", payments.gatewayTimeout)
        try Self.between("payments.maxConnections", payments.maxConnections, 1...1024)
        try Self.positive("payments.recoveryInterval", payments.recoveryInterval)
        try Self.between("payments.recoveryMaxAttempts", payments.recoveryMaxAttempts, 1...1000)
        try validateGateways()
        try validateSettlement()

        try Self.positive("webhooks.timeout", webhooks.timeout)
        try require(!webhooks.retrySchedule.isEmpty, "webhooks.retrySchedule", "must list at least one delay")
        if let negative = webhooks.retrySchedule.first(where: { $0 < 0 }) {
            throw ConfigError.invalidValue(key: "webhooks.retrySchedule", reason: "must not contain negative delays (got \(negative))")
        }

        try mail.validate()

        // The top is for benchmarks that must never be refused (one wrk address, 100k req/s).
        try Self.between("limits.requestsPerMinute", limits.requestsPerMinute, 0...1_000_000_000)

        try require(
            Log.levels.contains(log.level.lowercased()), "log.level",
            "must be one of \(Log.levels.joined(separator: ", ")) (got \"\(log.level)\")")
    }

    /// The keys whose value (or one of whose list entries) is still `CHANGE_ME`, in key order.
    func placeholderKeys() -> [String] {
        Self.keys.filter { $0.texts(self).contains(Self.placeholder) }.map(\.path)
    }

    private func validateGateways() throws {
        let baseURLs = [
            ("payments.toss.baseUrl", payments.toss.baseUrl),
            ("payments.kakaopay.baseUrl", payments.kakaopay.baseUrl),
            ("payments.card.baseUrl", payments.card.baseUrl),
        ]
        for (key, url) in baseURLs {
            if let url {
                try Self.httpURL(key, url)
            } else if !sandbox.enabled {
                // nil means "the sandbox on this server", which is not served in production.
                throw ConfigError.invalidValue(key: key, reason: "must be set when sandbox.enabled is false")
            }
        }
        if let returnUrl = payments.returnUrl { try Self.httpURL("payments.returnUrl", returnUrl) }
        try Self.secret("payments.toss.secretKey", payments.toss.secretKey)
        try Self.secret("payments.toss.clientKey", payments.toss.clientKey)
        try Self.secret("payments.kakaopay.secretKey", payments.kakaopay.secretKey)
        try Self.secret("payments.kakaopay.cid", payments.kakaopay.cid)

        let cardKey = "payments.card.encryptionKey"
        try Self.secret(cardKey, payments.card.encryptionKey)
        let bytes = Data(base64Encoded: payments.card.encryptionKey)
        try require(
            bytes?.count == 32, cardKey,
            bytes.map { "must be 32 bytes of base64 (got \($0.count) bytes)" } ?? "must be 32 bytes of base64 (not base64)")
        if !sandbox.enabled {
            // The development key is public (it is in this repository).
            try require(
                payments.card.encryptionKey != Card.developmentKey, cardKey,
                "must not be the development key when sandbox.enabled is false; set \(ConfigKey.environmentName(for: cardKey))")
        }
    }
}

extension AppConfig {
    func require(_ condition: Bool, _ key: String, _ reason: @autoclosure () -> String) throws {
        if !condition { throw ConfigError.invalidValue(key: key, reason: reason()) }
    }

    static func between(_ key: String, _ value: Int, _ range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ConfigError.invalidValue(
                key: key, reason: "must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
        }
    }

    /// Durations and sizes where zero would mean "fail at once".
    private static func positive(_ key: String, _ value: Int) throws {
        guard value > 0 else { throw ConfigError.invalidValue(key: key, reason: "must be positive (got \(value))") }
    }

    private static func notNegative(_ key: String, _ value: Int) throws {
        guard value >= 0 else { throw ConfigError.invalidValue(key: key, reason: "must not be negative (got \(value))") }
    }

    private static func secret(_ key: String, _ value: String) throws {
        guard !value.isEmpty else { throw ConfigError.invalidValue(key: key, reason: "must not be empty") }
        try notPlaceholder(key, value)
    }

    private static func notPlaceholder(_ key: String, _ value: String) throws {
        guard value != placeholder else {
            throw ConfigError.invalidValue(
                key: key,
                reason: "is still the placeholder \(placeholder); set it in the config file or \(ConfigKey.environmentName(for: key))")
        }
    }

    private static func httpURL(_ key: String, _ value: String) throws {
        try notPlaceholder(key, value)
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host(), !host.isEmpty
        else {
            throw ConfigError.invalidValue(key: key, reason: "must be an http or https URL (got \"\(value)\")")
        }
    }

    /// What a browser sends in `Origin`: scheme, host and optional port, no path.
    private static func origin(_ value: String) throws {
        let key = "server.corsAllowedOrigins"
        try httpURL(key, value)
        guard let url = URL(string: value), url.path().isEmpty || url.path() == "/", url.query() == nil, url.fragment() == nil
        else {
            throw ConfigError.invalidValue(key: key, reason: "must list origins like http://localhost:3000 (got \"\(value)\")")
        }
    }

    private static func trustedProxy(_ value: String) throws {
        let key = "server.trustedProxies"
        do {
            _ = try IPRange(parsing: value)
        } catch .hostBitsSet(let suggestion) {
            throw ConfigError.invalidValue(key: key, reason: "has bits set after the prefix length in \"\(value)\" (did you mean \(suggestion)?)")
        } catch {
            throw ConfigError.invalidValue(
                key: key, reason: "must list IP addresses or CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32 (got \"\(value)\")")
        }
    }

    /// `/s3`'s key: both halves or neither; the secret is never echoed.
    private func s3Key() throws {
        let id = storage.s3AccessKeyId ?? "", secret = storage.s3SecretAccessKey ?? ""
        if id.isEmpty != secret.isEmpty {
            let missing = id.isEmpty ? "storage.s3.accessKeyId" : "storage.s3.secretAccessKey"
            throw ConfigError.invalidValue(key: missing, reason: "must be set together with the other half of the key")
        }
        if !id.isEmpty {
            try require((3...128).contains(id.utf8.count) && id.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "/") },
                        "storage.s3.accessKeyId", "must be 3–128 visible ASCII characters without /")
            try require(secret.utf8.count >= 16 && secret.utf8.allSatisfy { (0x21...0x7E).contains($0) } && secret != Self.placeholder,
                        "storage.s3.secretAccessKey", "must be at least 16 visible ASCII characters")
        }
        let region = storage.s3Region.utf8
        try require((1...64).contains(region.count) && region.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D },
                    "storage.s3.region", "must be lowercase letters, digits and hyphens, such as us-east-1")
    }

    private static func storageURL(_ value: String) throws {
        let lowered = value.lowercased()
        if lowered.hasPrefix("sqlite:") {
            guard value.count > "sqlite:".count else {
                throw ConfigError.invalidValue(key: "storage.url", reason: "must name a file after sqlite:")
            }
        } else if !(lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")) {
            // Not echoed: a database URL may carry a password.
            throw ConfigError.invalidValue(key: "storage.url", reason: "must start with sqlite: or postgres://")
        }
    }
}
