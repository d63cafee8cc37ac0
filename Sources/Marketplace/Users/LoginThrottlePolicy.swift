/// How many failed logins one email may collect before it is locked out for a while
/// (API.md §2: 5 within 15 minutes, then 429 for the rest of the window).
public struct LoginThrottlePolicy: Sendable, Equatable {
    /// Failures allowed inside one window; the next attempt is refused.
    public var maximumFailures: Int
    /// The sliding window, in seconds.
    public var window: Double

    /// Creates a policy.
    public init(maximumFailures: Int = 5, window: Double = 900) {
        self.maximumFailures = maximumFailures
        self.window = window
    }

    /// The §2 policy.
    public static let standard = LoginThrottlePolicy()

    /// When an email with failures at `failures` (any order) may try again, or nil if it may now.
    ///
    /// Locked while `maximumFailures` of them lie inside the window ending at `now`; the lock
    /// lifts when the oldest of the most recent `maximumFailures` leaves the window.
    public func lockedUntil(failures: [Double], now: Double) -> Double? {
        let recent = failures.filter { $0 > now - window }.sorted(by: >)
        guard recent.count >= maximumFailures else { return nil }
        return recent[maximumFailures - 1] + window
    }
}
