import Foundation
import Marketplace
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// A real server on 127.0.0.1, port 0, with its own temporary data directory, built by
/// the same composition root as `main`.
final class TestServer {
    let application: Application
    let dataDir: String
    var port: Int { application.port }

    /// `logger` captures the server's log lines (default: errors only, to stderr).
    init(configure: (inout AppConfig) -> Void = { _ in }, clock: any WallClock = SystemClock(),
         logger: Logger? = nil, extraRoutes: (inout Router) -> Void = { _ in }) throws {
        dataDir = NSTemporaryDirectory() + "marketplace-test-" + UUID().uuidString
        let config = try AppConfig.forTests(dataDir: dataDir, configure)
        application = try Application.build(config: config, logger: logger ?? Logger(minimum: .error, background: false), clock: clock,
                                            extraRoutes: extraRoutes)
        application.start()
    }

    /// A new connection; from `source` (`127.0.0.2`, …) to be another client address.
    func client(from source: String? = nil) throws -> TestClient { try TestClient(port: port, source: source) }

    /// One request on a fresh connection, from `source` when given.
    func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil,
                 from source: String? = nil) throws -> TestClient.Reply {
        try client(from: source).request(method, path, headers: headers, body: body)
    }

    func stop() async {
        await application.shutdown()
        try? FileManager.default.removeItem(atPath: dataDir)
    }
}

extension AppConfig {
    /// The configuration every in-test server starts from (`TestServer`, `InProcessClient`):
    /// 127.0.0.1 on any port, `dataDir`, quiet logs, cheap bcrypt, then `configure`; on the
    /// PostgreSQL run, the schema of the data directory the test settled on. Validated.
    static func forTests(dataDir: String, _ configure: (inout AppConfig) -> Void) throws -> AppConfig {
        var config = AppConfig()
        config.server.host = "127.0.0.1"
        config.server.port = 0
        config.storage.dataDir = dataDir
        config.log.level = "error"
        config.auth.bcryptCost = 4
        // Every test is a crowd of clients on 127.0.0.1: the limiter runs (fields on every
        // answer) but never refuses, unless a test sets its own limit.
        config.limits.requestsPerMinute = 1_000_000
        configure(&config)
        if config.storage.urlOverride == nil {
            config.storage.urlOverride = try TestPostgres.storageURL(forDataDir: config.storage.dataDir)
        }
        try config.validate()
        return config
    }
}
