/// At most `maximum` events inside any `seconds`-long window (docs/API.md §12): a sliding window,
/// so an event stops counting exactly `seconds` after it happened.
public struct SlidingWindow: Sendable, Equatable {
    /// Events allowed inside one window; the next one is refused.
    public var maximum: Int
    /// The window's length in seconds.
    public var seconds: Double

    /// Creates a window; `maximum` below 1 would refuse everything, so it is taken as 1.
    public init(maximum: Int, seconds: Double) {
        self.maximum = max(1, maximum)
        self.seconds = seconds
    }

    /// When one more event may happen, given earlier `events` (times, any order), or nil if now.
    ///
    /// Refused while `maximum` of them lie inside the window ending at `now` (an event exactly
    /// `seconds` old has left it); a slot frees when the oldest of the newest `maximum` leaves.
    public func nextAllowed(after events: [Double], now: Double) -> Double? {
        let recent = events.filter { $0 > now - seconds }.sorted(by: >)
        guard recent.count >= maximum else { return nil }
        return recent[maximum - 1] + seconds
    }

    /// `Retry-After` for a refusal lasting until `until`: whole seconds, rounded up, at least 1.
    public static func retryAfterSeconds(until: Double, now: Double) -> Int {
        max(1, Int((until - now).rounded(.up)))
    }
}

/// Every window an action must fit in at once ("once a minute and 5 a day").
public struct RateLimit: Sendable, Equatable {
    /// The windows; an action is allowed when each of them allows it.
    public var windows: [SlidingWindow]

    /// Creates a limit of one or more windows.
    public init(_ windows: [SlidingWindow]) { self.windows = windows }

    /// How far back events matter: the longest window.
    public var lookback: Double { windows.map(\.seconds).max() ?? 0 }

    /// When one more event may happen, or nil if now: the latest of the windows' answers.
    public func nextAllowed(after events: [Double], now: Double) -> Double? {
        windows.compactMap { $0.nextAllowed(after: events, now: now) }.max()
    }
}
