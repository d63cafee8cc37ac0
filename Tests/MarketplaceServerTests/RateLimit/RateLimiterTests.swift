import Foundation
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Rate limiter: the table of clients")
struct RateLimiterTests {
    @Test("clients have separate budgets; IPv6 clients share one per /64")
    func budgets() {
        let limiter = RateLimiter(limit: 2)
        for client in ["198.51.100.1", "198.51.100.2", "2001:db8:1:2::1", "2001:db8:1:3::1"] {
            #expect(limiter.admit(client, at: 10).isAdmitted, "\(client)")
        }
        #expect(limiter.admit("2001:db8:1:2:ffff:ffff:ffff:ffff", at: 10).isAdmitted)
        #expect(!limiter.admit("2001:db8:1:2::abcd", at: 10).isAdmitted, "the third request from 2001:db8:1:2::/64")
        #expect(limiter.admit("198.51.100.1", at: 10).isAdmitted)
        #expect(!limiter.admit("198.51.100.1", at: 10).isAdmitted)
        #expect(limiter.refused == 2)
        #expect(RateLimiter.key(for: "2001:db8:1:2:3:4:5:6").description == "2001:db8:1:2::")
        #expect(RateLimiter.key(for: "203.0.113.7").description == "203.0.113.7")
        #expect(RateLimiter.key(for: "") == RateLimiter.key(for: "0.0.0.0"), "no address: one shared budget")
    }

    @Test("a flood of new addresses never grows the table past its capacity, nor frees a client at its limit")
    func boundedUnderAFlood() {
        let clock = TestClock(1_000)
        let limiter = RateLimiter(limit: 5, capacity: 64, shards: 1)
        for _ in 0..<5 { #expect(limiter.admit("198.51.100.1", at: clock.now()).isAdmitted) }
        #expect(!limiter.admit("198.51.100.1", at: clock.now()).isAdmitted)
        var largest = 0
        for index in 0..<20_000 {
            _ = limiter.admit("10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)", at: clock.now())
            largest = max(largest, limiter.tracked)
            if index % 1000 == 0 { clock.advance(by: 1) }
        }
        #expect(largest <= 64)
        #expect(!limiter.admit("198.51.100.1", at: clock.now()).isAdmitted, "still tracked, still limited")
    }

    @Test("the busiest clients stay when the table is full; the lightest go first")
    func evictsLightest() {
        let limiter = RateLimiter(limit: 10, capacity: 10, shards: 1)
        for client in 0..<9 { for _ in 0..<(client + 1) { _ = limiter.admit("192.0.2.\(client)", at: 5) } }
        _ = limiter.admit("192.0.2.100", at: 5)            // full: 10 clients
        _ = limiter.admit("192.0.2.101", at: 5)            // evicts down to 9 - the lightest (1-request) ones
        #expect(limiter.tracked <= 10)
        for _ in 0..<2 { _ = limiter.admit("192.0.2.8", at: 5) }   // it had 9: one more fits, then refused
        #expect(!limiter.admit("192.0.2.8", at: 5).isAdmitted, "the heaviest client kept its count")
    }

    @Test("idle clients are dropped once their windows have passed")
    func idleDropped() {
        let clock = TestClock(500)
        let limiter = RateLimiter(limit: 10, capacity: 1000, shards: 1)
        for index in 0..<50 { _ = limiter.admit("192.0.2.\(index)", at: clock.now()) }
        #expect(limiter.tracked == 50)
        clock.advance(by: 120)
        _ = limiter.admit("198.51.100.9", at: clock.now())
        #expect(limiter.tracked == 1)
    }

    @Test("1000 calls at once on 8 threads for one client: exactly the limit admitted")
    func atomicUnderContention() {
        let limiter = RateLimiter(limit: 100)
        let admitted = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 1000) { _ in
            if limiter.admit("198.51.100.7", at: 42).isAdmitted { admitted.add(1, ordering: .relaxed) }
        }
        #expect(admitted.load(ordering: .relaxed) == 100)
        #expect(limiter.refused == 900)
    }

    @Test("responses get the draft-11 fields: the policy, and what is left with its effective window")
    func fields() {
        let limiter = RateLimiter(limit: 600)
        var response = Response(status: 200)
        limiter.decorate(&response, .admitted(remaining: 17, reset: 4))
        #expect(response.headers["RateLimit-Policy"] == #""default";q=600;w=60"#)
        #expect(response.headers["RateLimit"] == #""default";r=17;t=4"#)
        #expect(response.headers["Cache-Control"] == nil)
        var refused = Response(status: 429)
        limiter.decorate(&refused, .refused(retryAfter: 9))
        #expect(refused.headers["RateLimit"] == #""default";r=0;t=9"#)
        #expect(refused.headers["Cache-Control"] == "no-store")
        #expect(RateLimiter.field(remaining: 1_000_000_000, reset: 120) == #""default";r=1000000000;t=120"#)
        #expect(RateLimiter.field(remaining: 0, reset: 0) == #""default";r=0;t=0"#)
    }
}

extension SlidingWindowCounter.Decision {
    var isAdmitted: Bool { if case .admitted = self { true } else { false } }
}
