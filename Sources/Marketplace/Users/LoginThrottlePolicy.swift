/// How many failed logins an email may collect before it is locked out for a while
/// (docs/API.md §12: 5 per (email, client address) and 20 per email across addresses, in 15
/// minutes; then 429 until a slot frees). The per-address count is the tight one, so that 5
/// wrong guesses from elsewhere cannot lock the owner out; the per-email ceiling bounds
/// guessing spread over many addresses.
///
/// An attempt counts from the moment it is claimed, before its password is checked (a
/// pending attempt holds a slot like a failure), so a burst of N guesses at once gets at most
/// the limit's worth of checks.
public struct LoginThrottlePolicy: Sendable, Equatable {
    /// Attempts per (email, client address) inside the window.
    public var perAddress: SlidingWindow
    /// Attempts per email, from any address, inside the window.
    public var perEmail: SlidingWindow

    /// Creates a policy; the defaults are §12's.
    public init(perAddress: SlidingWindow = SlidingWindow(maximum: 5, seconds: 900),
                perEmail: SlidingWindow = SlidingWindow(maximum: 20, seconds: 900)) {
        self.perAddress = perAddress
        self.perEmail = perEmail
    }

    /// The §12 policy.
    public static let standard = LoginThrottlePolicy()

    /// How far back attempts matter.
    public var lookback: Double { max(perAddress.seconds, perEmail.seconds) }

    /// When `address` may try `attempts`' email again (attempts of that email, from any
    /// address, failed or still being checked), or nil if it may now.
    public func lockedUntil(_ attempts: [LoginAttempt], from address: ClientAddress, now: Double) -> Double? {
        let fromAddress = perAddress.nextAllowed(after: attempts.filter { $0.address == address }.map(\.at), now: now)
        let fromAnywhere = perEmail.nextAllowed(after: attempts.map(\.at), now: now)
        return [fromAddress, fromAnywhere].compactMap { $0 }.max()
    }
}

/// One counted login attempt of an email: failed, or claimed and not yet checked.
public struct LoginAttempt: Sendable, Equatable {
    /// Where it came from.
    public let address: ClientAddress
    /// When it was claimed (seconds since the Unix epoch).
    public let at: Double

    /// Creates an attempt record.
    public init(address: ClientAddress, at: Double) {
        self.address = address
        self.at = at
    }
}
