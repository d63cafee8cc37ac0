/// One client's count under the general rate limit: the two-bucket sliding-window counter.
///
/// Time is cut into buckets of one window each, starting at the client's first request (so
/// clients' windows do not all turn over at the same instant). The requests of the last
/// window are estimated as the previous bucket's count, weighted by how much of it still
/// lies within the last window, plus the current bucket's count:
///
///     estimate(now) = previous × (window − elapsed) / window + current
///
/// A request is admitted when `estimate + 1 ≤ limit`, and counted in the same step.
/// Why this and not exact timestamps: it takes 16 bytes per client whatever the limit (a log
/// of 600 timestamps would take ~5 KiB), and O(1) integer arithmetic per request. What it
/// gives up: it assumes the previous bucket's requests were spread evenly, so over one true
/// sliding minute a client that crammed a whole bucket's quota into its last moments can get
/// up to twice the limit across the turn; a burst from a quiet client gets exactly `limit`.
/// All arithmetic is in integer milliseconds, scaled by the window, so edges are exact.
/// Refused requests are not counted: a client that waits `Retry-After` is admitted then.
struct SlidingWindowCounter: Sendable, Equatable {
    struct Policy: Sendable, Equatable {
        /// Requests admitted per window (at least 1).
        let limit: Int
        let windowMillis: Int64
    }

    enum Decision: Sendable, Equatable {
        /// `remaining` more would be admitted now; `reset`: whole seconds until that number grows.
        case admitted(remaining: Int, reset: Int)
        /// `retryAfter`: whole seconds until a request would be admitted (at least 1).
        case refused(retryAfter: Int)
    }

    /// When the current bucket began, in milliseconds of the limiter's clock.
    private(set) var start: Int64
    private(set) var previous: Int32 = 0
    private(set) var current: Int32 = 0

    init(start: Int64) { self.start = start }

    /// Counts a request at `now` if the estimate leaves room for it.
    mutating func admit(at now: Int64, _ policy: Policy) -> Decision {
        let admitted = count(at: now, policy)
        return decision(admitted, at: now, policy)
    }

    /// The counting half of `admit`: rolls, checks and counts. Callers holding a lock call
    /// this under it and `decision` on a copy afterwards.
    mutating func count(at now: Int64, _ policy: Policy) -> Bool {
        roll(to: now, policy.windowMillis)
        let window = policy.windowMillis
        guard weighted(at: now, window) + window <= Int64(policy.limit) * window else { return false }
        current += 1
        return true
    }

    /// What `count` decided, with the seconds the answer reports; `self` as `count` left it.
    func decision(_ admitted: Bool, at now: Int64, _ policy: Policy) -> Decision {
        guard admitted else {
            return .refused(retryAfter: max(1, Self.seconds(from: now, to: earliest(fitting: 1, after: now, policy))))
        }
        let window = policy.windowMillis
        let remaining = (Int64(policy.limit) * window - weighted(at: now, window)) / window
        return .admitted(remaining: Int(remaining),
                         reset: Self.seconds(from: now, to: earliest(fitting: remaining + 1, after: now, policy)))
    }

    /// The estimate at `now`, times the window (request-milliseconds), for eviction.
    func weighted(at now: Int64, _ window: Int64) -> Int64 {
        var copy = self
        copy.roll(to: now, window)
        return Int64(copy.previous) * (window - (now - copy.start)) + Int64(copy.current) * window
    }

    /// Moves the buckets on to the one holding `now`.
    private mutating func roll(to now: Int64, _ window: Int64) {
        let elapsed = now - start
        if elapsed >= 2 * window || elapsed < 0 {
            start = now
            previous = 0
            current = 0
        } else if elapsed >= window {
            previous = current
            current = 0
            start += window
        }
    }

    /// The earliest instant, not before `now`, at which `needed` more requests fit if nothing
    /// else is admitted meanwhile. Rolled state expected (`admit` rolls first).
    func earliest(fitting needed: Int64, after now: Int64, _ policy: Policy) -> Int64 {
        let window = policy.windowMillis, limit = Int64(policy.limit)
        let previous = Int64(self.previous), current = Int64(self.current)
        // Still in this bucket: previous × (window − e) + (current + needed) × window ≤ limit × window.
        let spare = (limit - current - needed) * window
        if spare >= 0 {
            if previous == 0 { return now }
            let elapsed = max(now - start, window - spare / previous)
            if elapsed < window { return start + elapsed }
        }
        // In the next bucket, this one's count weighted: current × (window − e) + needed × window ≤ limit × window.
        let spareNext = (limit - needed) * window
        if spareNext >= 0 {
            if current == 0 { return start + window }
            let elapsed = max(0, window - spareNext / current)
            if elapsed < window { return start + window + elapsed }
        }
        return start + 2 * window   // everything counted has left the window
    }

    /// Whole seconds from `now` to `then`, rounded up.
    static func seconds(from now: Int64, to then: Int64) -> Int {
        let millis = max(0, then - now)
        return Int((millis + 999) / 1000)
    }
}
