import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Configuration: trusted proxies and the general rate limit")
struct RateLimitConfigTests {
    @Test("defaults: no trusted proxies, 600 requests a minute")
    func defaults() throws {
        let config = try ConfigFixture.load().config
        #expect(config.server.trustedProxies == [])
        #expect(config.limits.requestsPerMinute == 600)
        #expect(AppConfig.key("server.trustedProxies")?.environmentName == "MARKETPLACE_SERVER_TRUSTED_PROXIES")
        #expect(AppConfig.key("limits.requestsPerMinute")?.environmentName == "MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE")
    }

    @Test("both keys are set from the environment and from the file")
    func layered() throws {
        let environment = ["MARKETPLACE_SERVER_TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::/32,127.0.0.1",
                           "MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE": "0"]
        let config = try ConfigFixture.load(environment: environment).config
        #expect(config.server.trustedProxies == ["10.0.0.0/8", "2001:db8::/32", "127.0.0.1"])
        #expect(config.limits.requestsPerMinute == 0)
        let file = try ConfigFixture.load(file: #"{"server": {"trustedProxies": ["::1"]}, "limits": {"requestsPerMinute": 20}}"#).config
        #expect(file.server.trustedProxies == ["::1"])
        #expect(file.limits.requestsPerMinute == 20)
    }

    @Test("an invalid entry or limit stops the start, naming the key", arguments: [
        (#"{"server": {"trustedProxies": ["localhost"]}}"#, "server.trustedProxies", "localhost"),
        (#"{"server": {"trustedProxies": ["10.0.0.0/8", "10.0.0.0/33"]}}"#, "server.trustedProxies", "10.0.0.0/33"),
        (#"{"server": {"trustedProxies": ["10.0.0.1/8"]}}"#, "server.trustedProxies", "did you mean 10.0.0.0/8?"),
        (#"{"server": {"trustedProxies": "10.0.0.0/8"}}"#, "server.trustedProxies", "a list"),
        (#"{"server": {"trustedProxies": [8]}}"#, "server.trustedProxies", "a string"),
        (#"{"limits": {"requestsPerMinute": -1}}"#, "limits.requestsPerMinute", "between 0 and 1000000000"),
        (#"{"limits": {"requestsPerMinute": 1000000001}}"#, "limits.requestsPerMinute", "between 0 and 1000000000"),
        (#"{"limits": {"requestsPerMinut": 5}}"#, "limits.requestsPerMinut", "unknown"),
    ])
    func refused(json: String, key: String, mentions: String) {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(file: json) }
        #expect(error?.key == key)
        #expect(error?.description.contains(mentions) == true, "\(error?.description ?? "")")
    }

    @Test("the environment's entries are checked too")
    func environmentChecked() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(environment: ["MARKETPLACE_SERVER_TRUSTED_PROXIES": "10.0.0.0/8,proxy.internal"])
        }
        #expect(error?.key == "server.trustedProxies")
        #expect(error?.description.contains("proxy.internal") == true)
    }
}
