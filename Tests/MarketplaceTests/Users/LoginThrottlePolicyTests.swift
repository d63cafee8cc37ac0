import Marketplace
import MarketplaceFakes
import Testing

@Suite struct LoginThrottlePolicyTests {
    let policy = LoginThrottlePolicy.standard
    static let here = ClientAddress("127.0.0.1")
    static let there = ClientAddress("127.0.0.2")

    static func attempts(_ times: [Double], from address: ClientAddress = here) -> [LoginAttempt] {
        times.map { LoginAttempt(address: address, at: $0) }
    }

    @Test("four attempts from an address leave it unlocked")
    func underLimit() {
        #expect(policy.lockedUntil(Self.attempts([100, 200, 300, 400]), from: Self.here, now: 500) == nil)
    }

    @Test("five attempts lock the (email, address) until the oldest of them leaves the 15-minute window")
    func locked() {
        #expect(policy.lockedUntil(Self.attempts([500, 100, 300, 200, 400]), from: Self.here, now: 600) == 1000.0)
    }

    @Test("attempts older than the window do not count; one exactly 900 s old has left it")
    func slidingWindow() {
        #expect(policy.lockedUntil(Self.attempts([0, 1000, 1100, 1200, 1300]), from: Self.here, now: 1400) == nil)
        #expect(policy.lockedUntil(Self.attempts([500, 1000, 1100, 1200, 1300]), from: Self.here, now: 1400) == nil)
        #expect(policy.lockedUntil(Self.attempts([501, 1000, 1100, 1200, 1300]), from: Self.here, now: 1400) == 1401.0)
    }

    @Test("another address's five attempts do not lock this one")
    func perAddress() {
        #expect(policy.lockedUntil(Self.attempts([100, 200, 300, 400, 500]), from: Self.there, now: 600) == nil)
    }

    @Test("twenty attempts across addresses lock every address until the oldest of the newest twenty leaves")
    func perEmailCeiling() {
        let spread = (0..<20).map { LoginAttempt(address: ClientAddress("10.0.0.\($0 % 5)"), at: Double(100 + $0)) }
        #expect(policy.lockedUntil(Array(spread.prefix(19)), from: Self.there, now: 200) == nil)
        #expect(policy.lockedUntil(spread, from: Self.there, now: 200) == 1000.0)
    }

    @Test("when both limits lock, the later release wins")
    func bothLocked() {
        let others = (0..<15).map { LoginAttempt(address: Self.there, at: Double(200 + $0)) }
        // Address: its 5th newest is 100 → 1000; email: its 20th newest is 100 → 1000.
        #expect(policy.lockedUntil(Self.attempts([100, 110, 120, 130, 500]) + others, from: Self.here, now: 600) == 1000.0)
        // Address: 300 → 1200; email: its 20th newest is 200 → 1100.
        #expect(policy.lockedUntil(Self.attempts([300, 310, 320, 330, 500]) + others, from: Self.here, now: 600) == 1200.0)
        // Email only: 20 from elsewhere lock this address too.
        let twenty = (0..<20).map { LoginAttempt(address: Self.there, at: Double(200 + $0)) }
        #expect(policy.lockedUntil(twenty, from: Self.here, now: 600) == 1100.0)
    }

    @Test("the lookback is the longer window")
    func lookback() {
        let policy = LoginThrottlePolicy(perAddress: SlidingWindow(maximum: 5, seconds: 300), perEmail: SlidingWindow(maximum: 20, seconds: 900))
        #expect(policy.lookback == 900)
    }
}
