import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

struct ConfigValidationTests {
    @Test("each invalid value is refused with its key named", arguments: [
        (#"{"server": {"port": "abc"}}"#, "server.port"),
        (#"{"server": {"port": 70000}}"#, "server.port"),
        (#"{"server": {"port": -1}}"#, "server.port"),
        (#"{"server": {"host": ""}}"#, "server.host"),
        (#"{"server": {"publicBaseUrl": "shop.test"}}"#, "server.publicBaseUrl"),
        (#"{"server": {"corsAllowedOrigins": ["http://localhost:3000/app"]}}"#, "server.corsAllowedOrigins"),
        (#"{"server": {"corsAllowedOrigins": "http://localhost:3000"}}"#, "server.corsAllowedOrigins"),
        (#"{"server": {"maxBodyBytes": 0}}"#, "server.maxBodyBytes"),
        (#"{"server": {"idleTimeout": -1}}"#, "server.idleTimeout"),
        (#"{"server": {"shutdownGrace": -1}}"#, "server.shutdownGrace"),
        (#"{"server": {"workers": -1}}"#, "server.workers"),
        (#"{"server": 5}"#, "server"),
        (#"{"storage": {"dataDir": ""}}"#, "storage.dataDir"),
        (#"{"storage": {"url": "mysql://db/shop"}}"#, "storage.url"),
        (#"{"storage": {"poolSize": 0}}"#, "storage.poolSize"),
        (#"{"storage": {"poolSize": 501}}"#, "storage.poolSize"),
        (#"{"auth": {"bcryptCost": 3}}"#, "auth.bcryptCost"),
        (#"{"auth": {"bcryptCost": 32}}"#, "auth.bcryptCost"),
        (#"{"auth": {"bcryptCost": 12.5}}"#, "auth.bcryptCost"),
        (#"{"auth": {"tokenTtl": -60}}"#, "auth.tokenTtl"),
        (#"{"auth": {"requireEmailVerification": "yes"}}"#, "auth.requireEmailVerification"),
        (#"{"orders": {"paymentTimeout": 0}}"#, "orders.paymentTimeout"),
        (#"{"orders": {"stockLocks": "mutex"}}"#, "orders.stockLocks"),
        (#"{"orders": {"stockLocks": 1}}"#, "orders.stockLocks"),
        (#"{"payments": {"gatewayTimeout": -10}}"#, "payments.gatewayTimeout"),
        (#"{"payments": {"maxConnections": 0}}"#, "payments.maxConnections"),
        (#"{"payments": {"maxConnections": 1025}}"#, "payments.maxConnections"),
        (#"{"payments": {"recoveryInterval": 0}}"#, "payments.recoveryInterval"),
        (#"{"payments": {"recoveryMaxAttempts": 0}}"#, "payments.recoveryMaxAttempts"),
        (#"{"payments": {"toss": {"baseUrl": "ftp://toss.test"}}}"#, "payments.toss.baseUrl"),
        (#"{"payments": {"toss": {"secretKey": ""}}}"#, "payments.toss.secretKey"),
        (#"{"payments": {"toss": {"clientKey": "CHANGE_ME"}}}"#, "payments.toss.clientKey"),
        (#"{"payments": {"kakaopay": {"baseUrl": "localhost:9000"}}}"#, "payments.kakaopay.baseUrl"),
        (#"{"payments": {"kakaopay": {"cid": 42}}}"#, "payments.kakaopay.cid"),
        (#"{"payments": {"card": {"encryptionKey": "c2hvcnQ="}}}"#, "payments.card.encryptionKey"),
        (#"{"payments": {"card": {"encryptionKey": "not base64!"}}}"#, "payments.card.encryptionKey"),
        (#"{"payments": {"toss": null}}"#, "payments.toss"),
        (#"{"webhooks": {"timeout": -1}}"#, "webhooks.timeout"),
        (#"{"webhooks": {"retrySchedule": []}}"#, "webhooks.retrySchedule"),
        (#"{"webhooks": {"retrySchedule": [5, -1]}}"#, "webhooks.retrySchedule"),
        (#"{"webhooks": {"retrySchedule": [5, "x"]}}"#, "webhooks.retrySchedule"),
        (#"{"webhooks": {"allowPrivateNetworks": 1}}"#, "webhooks.allowPrivateNetworks"),
        (#"{"sandbox": {"enabled": "false"}}"#, "sandbox.enabled"),
        (#"{"log": {"level": "loud"}}"#, "log.level"),
    ])
    func invalidValue(json: String, key: String) throws {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(file: json) }
        let found = try #require(error)
        #expect(found.key == key)
        #expect(found.description.hasPrefix("invalid configuration: \(key) "))
    }

    @Test("the bcrypt range message is exact")
    func bcryptMessage() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(environment: ["MARKETPLACE_AUTH_BCRYPT_COST": "3"])
        }
        #expect(error?.description == "invalid configuration: auth.bcryptCost must be between 4 and 31 (got 3)")
    }

    @Test("a wrong type from the environment names the variable too")
    func environmentTypeError() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(environment: ["MARKETPLACE_SERVER_PORT": "abc"])
        }
        #expect(error?.description == #"invalid configuration: server.port must be an integer (got "abc" from MARKETPLACE_SERVER_PORT)"#)
    }

    @Test("a bad flag value is reported against its key")
    func flagValueError() {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(["--port", "http"]) }
        #expect(error?.key == "server.port")
        #expect(error?.description.contains("--port") == true)
    }

    @Test("unknown keys in the file are refused by name", arguments: [
        (#"{"server": {"prot": 8080}}"#, "server.prot"),
        (#"{"servr": {"port": 8080}}"#, "servr"),
        (#"{"payments": {"toss": {"secretkey": "x"}}}"#, "payments.toss.secretkey"),
        (#"{"payments": {"paypal": {}}}"#, "payments.paypal"),
        (#"{"auth": {"bcryptCost": {"value": 12}}}"#, "auth.bcryptCost"),
    ])
    func unknownKey(json: String, key: String) throws {
        let error = try #require(#expect(throws: ConfigError.self) { try ConfigFixture.load(file: json) })
        #expect(error.key == key)
        #expect(error.description.contains(key))
    }

    @Test("a file that is not a JSON object is refused", arguments: [
        #"{"server": {"port": 80"#, "[1, 2]", "", "null",
    ])
    func malformedFile(json: String) {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(file: json) }
        if case .unreadableFile = error {} else { Issue.record("expected unreadableFile, got \(String(describing: error))") }
    }

    @Test("a production start refuses bcrypt cost under 10")
    func productionBcrypt() throws {
        let json = #"""
            {"sandbox": {"enabled": false}, "auth": {"bcryptCost": 9},
             "payments": {"toss": {"baseUrl": "https://toss.test"}, "kakaopay": {"baseUrl": "https://kakao.test"},
                          "card": {"baseUrl": "https://card.test", "encryptionKey": "a2V5LWZvci10ZXN0cy1vbmx5LTMyLWJ5dGVzLWxvbmc="}}}
            """#
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(file: json) }
        #expect(error?.key == "auth.bcryptCost")
        #expect(error?.description.contains("sandbox.enabled is false") == true)

        let fixed = try ConfigFixture.load(environment: ["MARKETPLACE_AUTH_BCRYPT_COST": "10"], file: json)
        #expect(fixed.config.auth.bcryptCost == 10)
    }

    @Test("the sandbox allows a cheap bcrypt cost for development and tests")
    func sandboxBcrypt() throws {
        #expect(try ConfigFixture.load(file: #"{"auth": {"bcryptCost": 4}}"#).config.auth.bcryptCost == 4)
    }

    @Test("a production start needs real gateway URLs and a non-development card key")
    func productionGateways() throws {
        let noURLs = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(environment: ["MARKETPLACE_SANDBOX_ENABLED": "false"])
        }
        #expect(noURLs?.key == "payments.toss.baseUrl")

        let environment = [
            "MARKETPLACE_SANDBOX_ENABLED": "false",
            "MARKETPLACE_PAYMENTS_TOSS_BASE_URL": "https://toss.test",
            "MARKETPLACE_PAYMENTS_KAKAOPAY_BASE_URL": "https://kakao.test",
            "MARKETPLACE_PAYMENTS_CARD_BASE_URL": "https://card.test",
        ]
        let developmentKey = #expect(throws: ConfigError.self) { try ConfigFixture.load(environment: environment) }
        #expect(developmentKey?.key == "payments.card.encryptionKey")
    }

    @Test("secrets are not echoed in messages")
    func secretsNotEchoed() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(environment: ["MARKETPLACE_PAYMENTS_CARD_ENCRYPTION_KEY": "c2VjcmV0LXNob3J0"])
        }
        #expect(error?.description.contains("c2VjcmV0LXNob3J0") == false)
    }
}
