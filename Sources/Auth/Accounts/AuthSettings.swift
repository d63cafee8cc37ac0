public import Marketplace

/// The knobs of the account flows, from `auth.*` configuration.
public struct AuthSettings: Sendable, Equatable {
    /// Seconds a session token stays valid.
    public var tokenLifetime: Double
    /// Refuse login until the email is verified.
    public var requireEmailVerification: Bool
    /// How many failed logins lock an email out, and for how long.
    public var throttle: LoginThrottlePolicy

    /// Creates settings; the defaults are API.md §2's.
    public init(tokenLifetime: Double = 86_400, requireEmailVerification: Bool = true, throttle: LoginThrottlePolicy = .standard) {
        self.tokenLifetime = tokenLifetime
        self.requireEmailVerification = requireEmailVerification
        self.throttle = throttle
    }
}
