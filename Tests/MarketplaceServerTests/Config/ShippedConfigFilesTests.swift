import FoundationEssentials
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The two JSON files in Config/ must load, so a typo there fails CI rather than a deploy.
struct ShippedConfigFilesTests {
    static let development = ConfigFixture.shippedFile("marketplace.json")
    static let production = ConfigFixture.shippedFile("production.example.json")

    @Test("Config/marketplace.json loads as the development configuration")
    func developmentLoads() throws {
        let config = try ConfigFixture.load(["--config", Self.development]).config
        #expect(config.sandbox.enabled)
        #expect(config.webhooks.allowPrivateNetworks)
        #expect(config.auth.bcryptCost == 12)
        #expect(config.server.corsAllowedOrigins == ["http://localhost:3000"])
        #expect(config.payments.card.encryptionKeyBytes?.count == 32)
        #expect(config.storage.url == "sqlite:./data/marketplace.sqlite")
    }

    @Test("Config/marketplace.json is picked up as the default path")
    func developmentIsDefault() throws {
        let viaDefault = try AppConfig.load(arguments: [], environment: [:], defaultConfigPath: Self.development).config
        #expect(viaDefault == (try ConfigFixture.load(["--config", Self.development]).config))
    }

    @Test("Config/marketplace.json spells out every key")
    func developmentListsEveryKey() throws {
        let root = try JSONDecoder().decode(ConfigJSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: Self.development)))
        for key in AppConfig.keys {
            var node: ConfigJSONValue? = root
            for component in key.path.split(separator: ".") {
                guard case let .object(members) = node else { node = nil; break }
                node = members[String(component)]
            }
            #expect(node != nil, "missing \(key.path)")
        }
    }

    @Test("production.example.json refuses to start until its placeholders are replaced")
    func productionNeedsSecrets() {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(["--config", Self.production]) }
        #expect(error?.key?.hasPrefix("payments.") == true)
        #expect(error?.description.contains("CHANGE_ME") == true)
    }

    @Test("production.example.json names every placeholder in one start failure, with its environment variable")
    func productionNamesEveryPlaceholder() throws {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(["--config", Self.production]) }
        let keys = ["payments.toss.secretKey", "payments.toss.clientKey", "payments.kakaopay.secretKey", "payments.kakaopay.cid",
                    "payments.card.baseUrl", "payments.card.encryptionKey", "mail.smtp.password"]
        #expect(error == .placeholders(keys: keys))
        let message = try #require(error?.description)
        for key in keys { #expect(message.contains("\(key) (\(ConfigKey.environmentName(for: key)))"), "\(key) in \(message)") }
        // Set through the environment, a key leaves the list; the rest are still all named.
        let partly = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(["--config", Self.production], environment: ["MARKETPLACE_PAYMENTS_TOSS_SECRET_KEY": "live_sk_test"])
        }
        #expect(partly == .placeholders(keys: Array(keys.dropFirst())))
    }

    @Test("production.example.json loads with its secrets from the environment")
    func productionLoadsWithEnvironment() throws {
        let environment = [
            "MARKETPLACE_PAYMENTS_TOSS_SECRET_KEY": "live_sk_test",
            "MARKETPLACE_PAYMENTS_TOSS_CLIENT_KEY": "live_ck_test",
            "MARKETPLACE_PAYMENTS_KAKAOPAY_SECRET_KEY": "PRD_test",
            "MARKETPLACE_PAYMENTS_KAKAOPAY_CID": "CIDTEST01",
            "MARKETPLACE_PAYMENTS_CARD_BASE_URL": "https://card.test",
            "MARKETPLACE_PAYMENTS_CARD_ENCRYPTION_KEY": "a2V5LWZvci10ZXN0cy1vbmx5LTMyLWJ5dGVzLWxvbmc=",
            "MARKETPLACE_MAIL_SMTP_PASSWORD": "smtp-secret",
        ]
        let config = try ConfigFixture.load(["--config", Self.production], environment: environment).config
        #expect(!config.sandbox.enabled)
        #expect(!config.webhooks.allowPrivateNetworks)
        #expect(config.auth.bcryptCost == 12)
        #expect(config.server.host == "0.0.0.0")
        #expect(config.payments.toss.baseUrl == "https://api.tosspayments.com")
        #expect(config.payments.card.encryptionKeyBytes?.count == 32)
        #expect(config.mail.transport == "smtp" && config.mail.smtp.security == "starttls")
    }
}
