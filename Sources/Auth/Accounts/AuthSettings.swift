public import Marketplace

/// The knobs of the account flows, from `auth.*` and `limits.*` configuration.
public struct AuthSettings: Sendable, Equatable {
    /// Seconds a session token stays valid.
    public var tokenLifetime: Double
    /// Refuse login until the email is verified.
    public var requireEmailVerification: Bool
    /// How many login attempts per (email, address) and per email, in what window.
    public var throttle: LoginThrottlePolicy
    /// Signups per client address (docs/API.md §12: 10 an hour).
    public var signupLimit: RateLimit
    /// Verification resends per email (docs/API.md §12: once a minute and 5 a day).
    public var resendLimit: RateLimit

    /// Creates settings; the defaults are docs/API.md §2's and §12's.
    public init(tokenLifetime: Double = 86_400, requireEmailVerification: Bool = true, throttle: LoginThrottlePolicy = .standard,
                signupLimit: RateLimit = Self.standardSignupLimit, resendLimit: RateLimit = Self.standardResendLimit) {
        self.tokenLifetime = tokenLifetime
        self.requireEmailVerification = requireEmailVerification
        self.throttle = throttle
        self.signupLimit = signupLimit
        self.resendLimit = resendLimit
    }

    /// 10 signups an hour per client address.
    public static let standardSignupLimit = RateLimit([SlidingWindow(maximum: 10, seconds: 3600)])
    /// One resend a minute and 5 a day per email.
    public static let standardResendLimit = RateLimit([SlidingWindow(maximum: 1, seconds: 60), SlidingWindow(maximum: 5, seconds: 86_400)])
}
