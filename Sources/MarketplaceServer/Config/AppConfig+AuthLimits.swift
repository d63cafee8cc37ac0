import Auth
import Marketplace

extension AppConfig {
    /// The database-held limits of the `/auth` routes (docs/API.md §12), under `limits.*` (the
    /// keys are in `AppConfig.keys`). They hold across servers sharing a database and across
    /// restarts; the defaults are §12's.
    struct AuthLimits: Sendable, Equatable {
        /// Signups per client address in one hour.
        var signupsPerHour = 10
        /// Login attempts per (email, client address) inside `loginWindow`.
        var loginFailuresPerAddress = 5
        /// Login attempts per email, from any address, inside `loginWindow`.
        var loginFailuresPerEmail = 20
        /// The login windows, in seconds.
        var loginWindow = 900
        /// Seconds between two verification resends to one email.
        var resendInterval = 60
        /// Verification resends per email in 24 hours.
        var resendsPerDay = 5

        /// Ranges: every count at least 1, and the per-email ceiling no tighter than the
        /// per-address count (else 5 guesses from anywhere would lock the owner out again).
        func validate() throws {
            for (key, value) in [("limits.signupsPerHour", signupsPerHour),
                                 ("limits.loginFailuresPerAddress", loginFailuresPerAddress),
                                 ("limits.loginFailuresPerEmail", loginFailuresPerEmail),
                                 ("limits.resendsPerDay", resendsPerDay)] {
                try Self.between(key, value, 1...1_000_000)
            }
            try Self.between("limits.loginWindow", loginWindow, 1...86_400)
            try Self.between("limits.resendInterval", resendInterval, 1...86_400)
            guard loginFailuresPerEmail >= loginFailuresPerAddress else {
                throw ConfigError.invalidValue(
                    key: "limits.loginFailuresPerEmail",
                    reason: "must be at least limits.loginFailuresPerAddress (\(loginFailuresPerAddress)) (got \(loginFailuresPerEmail))")
            }
        }

        /// The account flows' limits.
        var login: LoginThrottlePolicy {
            LoginThrottlePolicy(perAddress: SlidingWindow(maximum: loginFailuresPerAddress, seconds: Double(loginWindow)),
                                perEmail: SlidingWindow(maximum: loginFailuresPerEmail, seconds: Double(loginWindow)))
        }
        var signup: RateLimit { RateLimit([SlidingWindow(maximum: signupsPerHour, seconds: 3600)]) }
        var resend: RateLimit {
            RateLimit([SlidingWindow(maximum: 1, seconds: Double(resendInterval)), SlidingWindow(maximum: resendsPerDay, seconds: 86_400)])
        }

        private static func between(_ key: String, _ value: Int, _ range: ClosedRange<Int>) throws {
            guard range.contains(value) else {
                throw ConfigError.invalidValue(
                    key: key, reason: "must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
            }
        }
    }
}
