import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

struct ConfigLayeringTests {
    @Test("the config file overrides defaults and leaves other keys alone")
    func fileOverridesDefaults() throws {
        let json = #"{"server": {"port": 9000}, "auth": {"bcryptCost": 5}, "payments": {"toss": {"baseUrl": "http://toss.test"}}}"#
        let config = try ConfigFixture.load(file: json).config
        #expect(config.server.port == 9000)
        #expect(config.auth.bcryptCost == 5)
        #expect(config.payments.toss.baseUrl == "http://toss.test")
        #expect(config.server.host == "0.0.0.0")
        #expect(config.payments.kakaopay.baseUrl == nil)
    }

    @Test("the environment overrides the config file")
    func environmentOverridesFile() throws {
        let json = #"{"server": {"port": 9000, "host": "127.0.0.1"}}"#
        let config = try ConfigFixture.load(environment: ["MARKETPLACE_SERVER_PORT": "9001"], file: json).config
        #expect(config.server.port == 9001)
        #expect(config.server.host == "127.0.0.1")
    }

    @Test("flags override the environment")
    func flagsOverrideEnvironment() throws {
        let environment = [
            "MARKETPLACE_SERVER_PORT": "9001",
            "MARKETPLACE_SERVER_HOST": "10.0.0.1",
            "MARKETPLACE_STORAGE_DATA_DIR": "/env/data",
        ]
        let arguments = ["--port", "9002", "--host=127.0.0.1", "--data-dir", "/flag/data"]
        let config = try ConfigFixture.load(arguments, environment: environment, file: #"{"server": {"port": 9000}}"#).config
        #expect(config.server.port == 9002)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.storage.dataDir == "/flag/data")
    }

    @Test("--port 0 asks for any free port")
    func portZero() throws {
        #expect(try ConfigFixture.load(["--port", "0"]).config.server.port == 0)
    }

    @Test("the default config path is read when it exists")
    func defaultPathUsed() throws {
        let config = try ConfigFixture.withFile(#"{"server": {"port": 7000}}"#) { path in
            try AppConfig.load(arguments: [], environment: [:], defaultConfigPath: path).config
        }
        #expect(config.server.port == 7000)
    }

    @Test("--config replaces the default file rather than adding to it")
    func explicitPathReplacesDefault() throws {
        let config = try ConfigFixture.withFile(#"{"server": {"port": 7000}}"#) { defaultPath in
            try ConfigFixture.withFile(#"{"auth": {"bcryptCost": 6}}"#) { explicitPath in
                try AppConfig.load(arguments: ["--config", explicitPath], environment: [:], defaultConfigPath: defaultPath).config
            }
        }
        #expect(config.server.port == 8080)
        #expect(config.auth.bcryptCost == 6)
    }

    @Test("a missing explicit config file is an error")
    func missingExplicitFile() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(["--config", "/nonexistent/marketplace.json"])
        }
        #expect(error == .fileNotFound(path: "/nonexistent/marketplace.json"))
    }

    @Test("storage.url follows the final dataDir, whichever layer set it")
    func storageURLDerivedLast() throws {
        let json = #"{"storage": {"dataDir": "/file/data"}}"#
        let environment = ["MARKETPLACE_STORAGE_DATA_DIR": "/env/data"]
        #expect(try ConfigFixture.load(file: json).config.storage.url == "sqlite:/file/data/marketplace.sqlite")
        #expect(try ConfigFixture.load(environment: environment, file: json).config.storage.url == "sqlite:/env/data/marketplace.sqlite")
        let flagged = try ConfigFixture.load(["--data-dir", "/flag/data/"], environment: environment, file: json).config
        #expect(flagged.storage.url == "sqlite:/flag/data/marketplace.sqlite")
    }

    @Test("an explicit storage.url is kept when dataDir changes, and empty or null derives it again")
    func explicitStorageURL() throws {
        let json = #"{"storage": {"url": "postgres://u:p@db:5432/shop"}}"#
        let kept = try ConfigFixture.load(["--data-dir", "/elsewhere"], file: json).config
        #expect(kept.storage.url == "postgres://u:p@db:5432/shop")

        let cleared = try ConfigFixture.load(environment: ["MARKETPLACE_STORAGE_URL": ""], file: json).config
        #expect(cleared.storage.url == "sqlite:./data/marketplace.sqlite")

        let nulled = try ConfigFixture.load(file: #"{"storage": {"url": null, "dataDir": "/d"}}"#).config
        #expect(nulled.storage.url == "sqlite:/d/marketplace.sqlite")
    }

    @Test("a test that sets dataDir in code moves the database with it")
    func dataDirInCode() {
        var config = AppConfig()
        config.storage.dataDir = "/tmp/run-1"
        #expect(config.storage.url == "sqlite:/tmp/run-1/marketplace.sqlite")
    }

    @Test("base URLs and origins lose trailing slashes; log levels are lowercased")
    func normalization() throws {
        let json = #"""
            {"server": {"publicBaseUrl": "https://shop.test/", "corsAllowedOrigins": ["http://localhost:3000/"]},
             "payments": {"card": {"baseUrl": "http://card.test/api/"}}, "log": {"level": "DEBUG"}}
            """#
        let config = try ConfigFixture.load(file: json).config
        #expect(config.server.publicBaseUrl == "https://shop.test")
        #expect(config.server.corsAllowedOrigins == ["http://localhost:3000"])
        #expect(config.payments.card.baseUrl == "http://card.test/api")
        #expect(config.log.level == "debug")
    }
}
