import Marketplace
import MarketplaceFakes
import Testing

@Suite struct LoginThrottlePolicyTests {
    let policy = LoginThrottlePolicy.standard

    @Test("four failures in the window leave the email unlocked")
    func underLimit() {
        #expect(policy.lockedUntil(failures: [100, 200, 300, 400], now: 500) == nil)
    }

    @Test("five failures lock the email until the oldest of them leaves the 15-minute window")
    func locked() {
        #expect(policy.lockedUntil(failures: [500, 100, 300, 200, 400], now: 600) == 1000.0)
    }

    @Test("failures older than the window do not count")
    func slidingWindow() {
        #expect(policy.lockedUntil(failures: [0, 1000, 1100, 1200, 1300], now: 1400) == nil)
        #expect(policy.lockedUntil(failures: [1000, 1100, 1200, 1300, 1350], now: 1400) == 1900.0)
    }
}
