import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

struct AppConfigDefaultsTests {
    @Test("embedded defaults match docs/API.md §8")
    func defaults() {
        let config = AppConfig()
        #expect(config.server.host == "0.0.0.0")
        #expect(config.server.port == 8080)
        #expect(config.server.publicBaseUrl == nil)
        #expect(config.server.corsAllowedOrigins.isEmpty)
        #expect(config.server.maxBodyBytes == 1_048_576)
        #expect(config.server.headerTimeout == 10)
        #expect(config.server.idleTimeout == 60)
        #expect(config.server.bodyTimeout == 30)
        #expect(config.server.shutdownGrace == 10)
        #expect(config.server.workers == 0)
        #expect(config.storage.dataDir == "./data")
        #expect(config.storage.url == "sqlite:./data/marketplace.sqlite")
        #expect(config.auth.bcryptCost == 12)
        #expect(config.auth.tokenTtl == 86_400)
        #expect(config.auth.requireEmailVerification)
        #expect(config.catalog.listingCache)
        #expect(config.orders.paymentTimeout == 900)
        #expect(config.orders.stockLocks == "perProduct")
        #expect(config.payments.gatewayTimeout == 10)
        #expect(config.payments.maxConnections == 64)
        #expect(config.payments.recoveryInterval == 30)
        #expect(config.payments.recoveryMaxAttempts == 8)
        #expect(config.payments.toss.baseUrl == nil)
        #expect(config.payments.kakaopay.baseUrl == nil)
        #expect(config.payments.kakaopay.cid == "TC0ONETIME")
        #expect(config.payments.card.baseUrl == nil)
        #expect(config.payments.card.encryptionKeyBytes?.count == 32)
        #expect(config.webhooks.timeout == 10)
        #expect(config.webhooks.retrySchedule == [5, 300, 1800, 7200, 18_000, 36_000, 36_000])
        #expect(config.webhooks.allowPrivateNetworks)
        #expect(config.sandbox.enabled)
        #expect(config.log.level == "info")
    }

    @Test("loading with no file, environment or flags gives the defaults and serve")
    func loadNothing() throws {
        let (config, command) = try ConfigFixture.load()
        #expect(config == AppConfig())
        #expect(command == .serve)
    }

    @Test("the embedded defaults pass validation")
    func defaultsValidate() throws {
        try AppConfig().validate()
    }
}
