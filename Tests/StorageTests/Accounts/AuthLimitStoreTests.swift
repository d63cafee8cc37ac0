import Marketplace
import Storage
import Synchronization
import Testing

/// Counted actions (signups, resends) and bursts against every limit, on SQLite or PostgreSQL.
@Suite struct AuthLimitStoreTests {
    let store: AccountStoreFixture
    init() throws { store = try AccountStoreFixture() }
    static let resend = RateLimit([SlidingWindow(maximum: 1, seconds: 60), SlidingWindow(maximum: 5, seconds: 86_400)])
    static let key = RateLimitKey.resendVerification(to: "kim@example.com")

    @Test("a claim counts the key's actions in every window; refused claims record nothing")
    func claim() async throws {
        guard case .claimed = try await store.limits.claim(Self.key, limit: Self.resend, at: 1000) else {
            Issue.record("first refused"); return
        }
        #expect(try await store.limits.claim(Self.key, limit: Self.resend, at: 1059) == .refused(until: 1060))
        #expect(try await store.count("rate_limit_events") == 1)
        for minute in 1...4 { _ = try await store.limits.claim(Self.key, limit: Self.resend, at: 1000 + Double(minute * 60)) }
        #expect(try await store.limits.claim(Self.key, limit: Self.resend, at: 5000) == .refused(until: 87_400))
        guard case .claimed = try await store.limits.claim(.resendVerification(to: "lee@example.com"), limit: Self.resend, at: 5000),
              case .claimed = try await store.limits.claim(.signup(from: ClientAddress("127.0.0.1")), limit: Self.resend, at: 5000),
              case .claimed = try await store.limits.claim(Self.key, limit: Self.resend, at: 87_400)
        else { Issue.record("another key, or the next day, was refused"); return }
    }

    @Test("a release gives the slot back; actions past their longest window are dropped by a later claim")
    func releaseAndPrune() async throws {
        guard case .claimed(let id) = try await store.limits.claim(Self.key, limit: Self.resend, at: 1000) else { return }
        try await store.limits.release(id)
        guard case .claimed = try await store.limits.claim(Self.key, limit: Self.resend, at: 1001) else {
            Issue.record("the released slot was not given back"); return
        }
        _ = try await store.limits.claim(.resendVerification(to: "lee@example.com"), limit: Self.resend, at: 2000)
        #expect(try await store.count("rate_limit_events") == 2)
        _ = try await store.limits.claim(.resendVerification(to: "park@example.com"), limit: Self.resend, at: 87_500)
        #expect(try await store.count("rate_limit_events") == 2)   // kim's expired at 87,401; lee's stays until 88,400
    }

    @Test("30 claims at once on one key: exactly the limit's worth pass (10 signups)")
    func burst() async throws {
        let limit = RateLimit([SlidingWindow(maximum: 10, seconds: 3600)])
        let limits = store.limits
        let passed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    if case .claimed = try await limits.claim(.signup(from: ClientAddress("127.0.0.1")), limit: limit, at: 1000) { true } else { false }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(passed == 10)
    }

    @Test("30 login claims at once for one email and address: exactly 5 pass")
    func loginBurst() async throws {
        let attempts = store.attempts
        let passed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    let claim = try await attempts.claim(email: "kim@example.com", from: ClientAddress("127.0.0.1"), at: 1000,
                                                         policy: .standard)
                    if case .claimed = claim { return true } else { return false }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(passed == 5)
    }

    @Test("30 wrong codes at once: exactly 5 are compared, the rest find the code void")
    func codeBurst() async throws {
        let user = try await store.user()
        _ = try await store.codes.issue(PendingVerification(userID: user.id, codeDigest: String(repeating: "d", count: 64),
                                                            expiresAt: 700, failedAttempts: 0), at: 100)
        let codes = store.codes
        let answers = try await withThrowingTaskGroup(of: VerificationCheck.self) { group in
            for _ in 0..<30 {
                group.addTask { try await codes.check(String(repeating: "e", count: 64), for: user.id, at: 200) }
            }
            return try await group.reduce(into: [VerificationCheck: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(answers == [.wrongCode: 5, .voided: 25])
    }
}
