import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The window arithmetic on a hand-moved clock (`TestClock`, seconds; the window counts milliseconds).
@Suite("Sliding window: the general rate limit's arithmetic")
struct SlidingWindowCounterTests {
    static func policy(_ limit: Int) -> SlidingWindowCounter.Policy { SlidingWindowCounter.Policy(limit: limit, windowMillis: 60_000) }

    /// `count` requests at the clock's time, their decisions in order.
    static func send(_ count: Int, _ window: inout SlidingWindowCounter, _ clock: TestClock, limit: Int) -> [SlidingWindowCounter.Decision] {
        (0..<count).map { _ in window.admit(at: Int64(clock.now() * 1000), policy(limit)) }
    }

    @Test("exactly the limit is admitted, counting down; the next is refused until the window lets one more in")
    func exactlyAtTheLimit() {
        let clock = TestClock(0)
        var window = SlidingWindowCounter(start: 0)
        // t: seconds within which no more than r are available; for the last one, when the next fits.
        #expect(Self.send(4, &window, clock, limit: 3) == [
            .admitted(remaining: 2, reset: 120), .admitted(remaining: 1, reset: 90), .admitted(remaining: 0, reset: 80),
            .refused(retryAfter: 80),
        ])
        // In the next bucket the 3 weigh 3 × (60 − e)/60: room for one at e = 20 s, not a millisecond before.
        clock.advance(by: 79.999)
        #expect(Self.send(1, &window, clock, limit: 3) == [.refused(retryAfter: 1)])
        clock.advance(by: 0.001)
        // Now 3 × 40/60 + 1 = 3 are used: the next fits once the old 3 weigh 1 (e = 40 s).
        #expect(Self.send(2, &window, clock, limit: 3) == [.admitted(remaining: 0, reset: 20), .refused(retryAfter: 20)])
    }

    @Test("across the turn of the window the previous bucket weighs in proportion to what is left of it")
    func rollover() {
        let clock = TestClock(0)
        var window = SlidingWindowCounter(start: 0)
        _ = Self.send(10, &window, clock, limit: 10)
        clock.advance(by: 60)   // e = 0: the 10 still weigh 10
        #expect(Self.send(1, &window, clock, limit: 10) == [.refused(retryAfter: 6)])
        clock.advance(by: 6)    // 10 × 54/60 = 9: one fits
        #expect(Self.send(2, &window, clock, limit: 10).map(\.isAdmitted) == [true, false])
        clock.advance(by: 24)   // e = 30 s: 10 × 30/60 + 1 = 6 used
        #expect(Self.send(1, &window, clock, limit: 10) == [.admitted(remaining: 3, reset: 6)])
        #expect(window.previous == 10 && window.current == 2)
    }

    @Test("two windows without requests forget everything")
    func idleResets() {
        let clock = TestClock(0)
        var window = SlidingWindowCounter(start: 0)
        _ = Self.send(10, &window, clock, limit: 10)
        clock.advance(by: 60)
        #expect(Self.send(1, &window, clock, limit: 10) == [.refused(retryAfter: 6)])
        clock.advance(by: 60)
        #expect(Self.send(1, &window, clock, limit: 10) == [.admitted(remaining: 9, reset: 120)])
        #expect(window.start == 120_000 && window.previous == 0 && window.current == 1)
    }

    @Test("refused attempts are not counted, so Retry-After holds however often the client asked meanwhile")
    func refusalsAreFree() {
        let clock = TestClock(0)
        var window = SlidingWindowCounter(start: 0)
        _ = Self.send(3, &window, clock, limit: 3)
        for _ in 0..<100 {
            clock.advance(by: 0.5)
            _ = Self.send(1, &window, clock, limit: 3)
        }
        #expect(window.current == 3)
        clock.advance(by: 30)   // t = 80 s, as the first refusal said
        #expect(Self.send(1, &window, clock, limit: 3).map(\.isAdmitted) == [true])
    }

    @Test("Retry-After is whole seconds rounded up, and at least 1", arguments: [
        (0, 1), (1, 1), (999, 1), (1000, 1), (1001, 2), (59_500, 60),
    ])
    func retryAfterRounding(millis: Int64, seconds: Int) {
        #expect(max(1, SlidingWindowCounter.seconds(from: 10_000, to: 10_000 + millis)) == seconds)
    }

    @Test("a limit of 1 waits out the whole weight of the previous bucket")
    func limitOfOne() {
        let clock = TestClock(0)
        var window = SlidingWindowCounter(start: 0)
        #expect(Self.send(2, &window, clock, limit: 1) == [.admitted(remaining: 0, reset: 120), .refused(retryAfter: 120)])
        clock.advance(by: 90)
        #expect(Self.send(1, &window, clock, limit: 1) == [.refused(retryAfter: 30)])
    }

    @Test("the estimate used for eviction falls as the window slides")
    func weightDecays() {
        var window = SlidingWindowCounter(start: 0)
        for _ in 0..<6 { _ = window.admit(at: 0, Self.policy(600)) }
        #expect(window.weighted(at: 0, 60_000) == 6 * 60_000)
        #expect(window.weighted(at: 90_000, 60_000) == 6 * 30_000)
        #expect(window.weighted(at: 120_000, 60_000) == 0)
    }
}
