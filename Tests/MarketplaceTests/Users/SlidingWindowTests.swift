import Marketplace
import MarketplaceFakes
import Testing

@Suite struct SlidingWindowTests {
    let hourly = SlidingWindow(maximum: 10, seconds: 3600)

    @Test("under the maximum an event is allowed now; at it, when the oldest of the newest N leaves")
    func edges() {
        let nine = (0..<9).map { Double($0 * 100) }
        #expect(hourly.nextAllowed(after: nine, now: 1000) == nil)
        #expect(hourly.nextAllowed(after: nine + [950], now: 1000) == 3600)
        #expect(hourly.nextAllowed(after: nine + [950], now: 3599.9) == 3600)
        #expect(hourly.nextAllowed(after: nine + [950], now: 3600) == nil)   // the one at 0 has left
    }

    @Test("with more than the maximum inside (a lowered limit), the slot frees when enough have left")
    func overfull() {
        let window = SlidingWindow(maximum: 2, seconds: 100)
        #expect(window.nextAllowed(after: [10, 20, 30, 40], now: 50) == 130)
    }

    @Test("Retry-After is whole seconds rounded up, at least 1")
    func retryAfter() {
        #expect(SlidingWindow.retryAfterSeconds(until: 1000, now: 100) == 900)
        #expect(SlidingWindow.retryAfterSeconds(until: 1000, now: 999.2) == 1)
        #expect(SlidingWindow.retryAfterSeconds(until: 1000, now: 998.9) == 2)
        #expect(SlidingWindow.retryAfterSeconds(until: 1000, now: 1000) == 1)
    }

    @Test("a maximum below 1 is taken as 1")
    func atLeastOne() {
        #expect(SlidingWindow(maximum: 0, seconds: 60).maximum == 1)
    }

    @Test("once a minute and 5 a day: the minute refuses first, the day after five")
    func resendLimit() {
        let limit = RateLimit([SlidingWindow(maximum: 1, seconds: 60), SlidingWindow(maximum: 5, seconds: 86_400)])
        #expect(limit.lookback == 86_400)
        #expect(limit.nextAllowed(after: [], now: 0) == nil)
        #expect(limit.nextAllowed(after: [0], now: 59.9) == 60)
        #expect(limit.nextAllowed(after: [0], now: 60) == nil)
        let five = [0.0, 60, 120, 180, 240]
        #expect(limit.nextAllowed(after: five, now: 299) == 86_400)   // both refuse: the later wins
        #expect(limit.nextAllowed(after: five, now: 86_399) == 86_400)
        #expect(limit.nextAllowed(after: five, now: 86_400) == nil)
    }
}
