import Auth
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// `limits.*`: the database-held auth limits of docs/API.md §12.
struct AuthLimitsConfigTests {
    @Test("the defaults are §12's and reach the account services' settings")
    func defaults() {
        let limits = AppConfig().authLimits
        #expect(limits.login == .standard)
        #expect(limits.signup == AuthSettings.standardSignupLimit)
        #expect(limits.resend == AuthSettings.standardResendLimit)
    }

    @Test("every key is set from the file and from its environment name")
    func layers() throws {
        let file = try ConfigFixture.load(file: #"{"limits": {"signupsPerHour": 3, "loginWindow": 60, "resendsPerDay": 2}}"#).config
        #expect(file.authLimits.signupsPerHour == 3 && file.authLimits.loginWindow == 60 && file.authLimits.resendsPerDay == 2)
        let environment = try ConfigFixture.load(environment: [
            "MARKETPLACE_LIMITS_LOGIN_FAILURES_PER_ADDRESS": "7", "MARKETPLACE_LIMITS_LOGIN_FAILURES_PER_EMAIL": "70",
            "MARKETPLACE_LIMITS_RESEND_INTERVAL": "30",
        ]).config.authLimits
        #expect(environment.loginFailuresPerAddress == 7 && environment.loginFailuresPerEmail == 70 && environment.resendInterval == 30)
        #expect(environment.login.perAddress == SlidingWindow(maximum: 7, seconds: 900))
        #expect(environment.resend.windows.first == SlidingWindow(maximum: 1, seconds: 30))
    }

    @Test("each invalid value is refused with its key named", arguments: [
        (#"{"limits": {"signupsPerHour": 0}}"#, "limits.signupsPerHour"),
        (#"{"limits": {"loginFailuresPerAddress": -1}}"#, "limits.loginFailuresPerAddress"),
        (#"{"limits": {"loginFailuresPerEmail": 4}}"#, "limits.loginFailuresPerEmail"),
        (#"{"limits": {"loginWindow": 0}}"#, "limits.loginWindow"),
        (#"{"limits": {"loginWindow": 86401}}"#, "limits.loginWindow"),
        (#"{"limits": {"resendInterval": "a minute"}}"#, "limits.resendInterval"),
        (#"{"limits": {"resendsPerDay": 1000001}}"#, "limits.resendsPerDay"),
        (#"{"limits": {"signupsPerDay": 10}}"#, "limits.signupsPerDay"),
    ])
    func invalidValue(json: String, key: String) throws {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(file: json) }
        #expect(error?.key == key)
    }

    @Test("the per-email ceiling may not be tighter than the per-address count")
    func ceilingMessage() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFixture.load(environment: ["MARKETPLACE_LIMITS_LOGIN_FAILURES_PER_EMAIL": "4"])
        }
        #expect(error?.description == "invalid configuration: limits.loginFailuresPerEmail must be at least limits.loginFailuresPerAddress (5) (got 4)")
    }
}
