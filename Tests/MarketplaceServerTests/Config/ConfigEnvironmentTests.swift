import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

struct ConfigEnvironmentTests {
    @Test("environment names are MARKETPLACE_ plus each path component in UPPER_SNAKE", arguments: [
        ("auth.bcryptCost", "MARKETPLACE_AUTH_BCRYPT_COST"),
        ("storage.dataDir", "MARKETPLACE_STORAGE_DATA_DIR"),
        ("server.publicBaseUrl", "MARKETPLACE_SERVER_PUBLIC_BASE_URL"),
        ("server.corsAllowedOrigins", "MARKETPLACE_SERVER_CORS_ALLOWED_ORIGINS"),
        ("payments.toss.secretKey", "MARKETPLACE_PAYMENTS_TOSS_SECRET_KEY"),
        ("payments.kakaopay.cid", "MARKETPLACE_PAYMENTS_KAKAOPAY_CID"),
        ("payments.card.encryptionKey", "MARKETPLACE_PAYMENTS_CARD_ENCRYPTION_KEY"),
        ("sandbox.enabled", "MARKETPLACE_SANDBOX_ENABLED"),
    ])
    func environmentName(path: String, name: String) throws {
        let key = try #require(AppConfig.key(path))
        #expect(key.environmentName == name)
    }

    @Test("every key has its own environment name")
    func namesAreUnique() {
        let names = AppConfig.keys.map(\.environmentName)
        #expect(Set(names).count == names.count)
        #expect(!names.contains("MARKETPLACE_ADMIN_EMAIL"))
        #expect(!names.contains("MARKETPLACE_ADMIN_PASSWORD"))
    }

    @Test("nested gateway keys are set from the environment")
    func nestedKeys() throws {
        let environment = [
            "MARKETPLACE_PAYMENTS_TOSS_SECRET_KEY": "test_sk_env",
            "MARKETPLACE_PAYMENTS_TOSS_BASE_URL": "https://toss.test",
            "MARKETPLACE_PAYMENTS_KAKAOPAY_CID": "TCENV",
            "MARKETPLACE_PAYMENTS_CARD_BASE_URL": "http://card.test:9000",
        ]
        let payments = try ConfigFixture.load(environment: environment).config.payments
        #expect(payments.toss.secretKey == "test_sk_env")
        #expect(payments.toss.baseUrl == "https://toss.test")
        #expect(payments.kakaopay.cid == "TCENV")
        #expect(payments.card.baseUrl == "http://card.test:9000")
    }

    @Test("lists are comma-separated, with blanks trimmed and empty items dropped")
    func lists() throws {
        let environment = [
            "MARKETPLACE_WEBHOOKS_RETRY_SCHEDULE": "1, 2 ,3,",
            "MARKETPLACE_SERVER_CORS_ALLOWED_ORIGINS": "http://localhost:3000, https://shop.test",
        ]
        let config = try ConfigFixture.load(environment: environment).config
        #expect(config.webhooks.retrySchedule == [1, 2, 3])
        #expect(config.server.corsAllowedOrigins == ["http://localhost:3000", "https://shop.test"])
    }

    @Test("an empty list variable clears the list")
    func emptyList() throws {
        let json = #"{"server": {"corsAllowedOrigins": ["http://localhost:3000"]}}"#
        let config = try ConfigFixture.load(environment: ["MARKETPLACE_SERVER_CORS_ALLOWED_ORIGINS": ""], file: json).config
        #expect(config.server.corsAllowedOrigins.isEmpty)
    }

    @Test("booleans accept true, false, 1 and 0", arguments: [
        ("true", true), ("false", false), ("1", true), ("0", false), ("TRUE", true), (" False ", false),
    ])
    func booleans(text: String, expected: Bool) throws {
        let config = try ConfigFixture.load(environment: ["MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION": text]).config
        #expect(config.auth.requireEmailVerification == expected)
    }

    @Test("MARKETPLACE_CATALOG_LISTING_CACHE switches the listing page cache (the benchmark's uncached rows)")
    func listingCache() throws {
        #expect(try ConfigFixture.load(environment: ["MARKETPLACE_CATALOG_LISTING_CACHE": "false"]).config.catalog.listingCache == false)
        #expect(try ConfigFixture.load(file: #"{"catalog": {"listingCache": false}}"#).config.catalog.listingCache == false)
    }

    @Test("a bad boolean names the key and the variable")
    func badBoolean() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(environment: ["MARKETPLACE_WEBHOOKS_ALLOW_PRIVATE_NETWORKS": "yes"])
        }
        #expect(error?.key == "webhooks.allowPrivateNetworks")
        #expect(error?.description.contains("MARKETPLACE_WEBHOOKS_ALLOW_PRIVATE_NETWORKS") == true)
    }

    @Test("unknown MARKETPLACE_ variables, including the admin bootstrap ones, are ignored")
    func unknownVariablesIgnored() throws {
        let environment = [
            "MARKETPLACE_ADMIN_EMAIL": "admin@shop.test",
            "MARKETPLACE_ADMIN_PASSWORD": "secret",
            "MARKETPLACE_SERVER_PROT": "abc",
            "MARKETPLACE_": "",
            "MARKETPLACE": "x",
        ]
        #expect(try ConfigFixture.load(environment: environment).config == AppConfig())
    }

    @Test("an empty optional variable restores its default")
    func emptyOptional() throws {
        let json = #"{"payments": {"toss": {"baseUrl": "https://toss.test"}}}"#
        let config = try ConfigFixture.load(environment: ["MARKETPLACE_PAYMENTS_TOSS_BASE_URL": ""], file: json).config
        #expect(config.payments.toss.baseUrl == nil)
    }

    @Test("the process environment is read into a dictionary")
    func processEnvironment() {
        let environment = ProcessEnvironment.current()
        #expect(environment["PATH"] != nil)
    }
}
