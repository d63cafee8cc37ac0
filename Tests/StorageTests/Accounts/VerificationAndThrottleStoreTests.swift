import Marketplace
import Storage
import Testing

/// Verification codes and login attempts, on SQLite (in memory) or on PostgreSQL (the
/// suite's PostgreSQL run): each step is one transaction, as the ports promise.
@Suite struct VerificationAndThrottleStoreTests {
    let store: AccountStoreFixture
    init() throws { store = try AccountStoreFixture() }
    static let digest = String(repeating: "d", count: 64)
    static let other = String(repeating: "e", count: 64)
    static let here = ClientAddress("127.0.0.1")
    static let policy = LoginThrottlePolicy.standard

    func code(_ user: User, expiresAt: Double = 700, failed: Int = 0) -> PendingVerification {
        PendingVerification(userID: user.id, codeDigest: Self.digest, expiresAt: expiresAt, failedAttempts: failed)
    }

    @Test("the right, live code verifies the account and is consumed; a wrong one counts a try")
    func check() async throws {
        let user = try await store.user()
        _ = try await store.codes.issue(code(user), at: 100)
        #expect(try await store.codes.check(Self.other, for: user.id, at: 200) == .wrongCode)
        #expect(try await store.codes.pending(for: user.id)?.failedAttempts == 1)
        #expect(try await store.codes.check(Self.digest, for: user.id, at: 200) == .verified)
        #expect(try await store.users.find(user.id)?.emailVerified == true)
        #expect(try await store.codes.pending(for: user.id) == nil)
        #expect(try await store.codes.check(Self.digest, for: user.id, at: 200) == .noCode)
    }

    @Test("tries stop at five: then every try, the right code too, answers voided; an expired code answers expired")
    func voidAndExpired() async throws {
        let user = try await store.user()
        _ = try await store.codes.issue(code(user), at: 100)
        #expect(try await store.codes.check(Self.digest, for: user.id, at: 700) == .expired)
        #expect(try await store.codes.pending(for: user.id)?.failedAttempts == 0, "an expired code's try changes nothing")
        var answers: [VerificationCheck] = []
        for _ in 0..<7 { answers.append(try await store.codes.check(Self.other, for: user.id, at: 200)) }
        #expect(answers == Array(repeating: .wrongCode, count: 5) + [.voided, .voided])
        #expect(try await store.codes.pending(for: user.id)?.failedAttempts == 5)
        #expect(try await store.codes.check(Self.digest, for: user.id, at: 200) == .voided)
        #expect(try await store.codes.check(Self.digest, for: user.id, at: 800) == .voided)
    }

    @Test("issuing carries the live code's tries over; an expired or void one is replaced with a fresh budget")
    func issueCarriesTries() async throws {
        let user = try await store.user()
        _ = try await store.codes.issue(code(user), at: 100)
        for _ in 0..<3 { _ = try await store.codes.check(Self.other, for: user.id, at: 200) }
        let resent = try await store.codes.issue(code(user, expiresAt: 900), at: 300)
        #expect(resent.failedAttempts == 3 && resent.expiresAt == 900)
        #expect(try await store.codes.pending(for: user.id) == resent)
        #expect(try await store.codes.issue(code(user, expiresAt: 1600), at: 1000).failedAttempts == 0)   // 900 had passed
        for _ in 0..<5 { _ = try await store.codes.check(Self.other, for: user.id, at: 1100) }
        #expect(try await store.codes.issue(code(user, expiresAt: 1800), at: 1200).failedAttempts == 0)   // void
    }

    @Test("five attempts per (email, address) in the window; the sixth is refused until the oldest leaves")
    func claimPerAddress() async throws {
        for second in 0..<5 {
            guard case .claimed = try await store.attempts.claim(email: "kim@example.com", from: Self.here,
                                                               at: 1000 + Double(second), policy: Self.policy)
            else { Issue.record("attempt \(second) refused"); return }
        }
        #expect(try await store.attempts.claim(email: "kim@example.com", from: Self.here, at: 1010, policy: Self.policy)
            == .refused(until: 1900))
        guard case .claimed = try await store.attempts.claim(email: "kim@example.com", from: ClientAddress("127.0.0.2"),
                                                           at: 1010, policy: Self.policy)
        else { Issue.record("another address was refused"); return }
        guard case .claimed = try await store.attempts.claim(email: "lee@example.com", from: Self.here, at: 1010, policy: Self.policy)
        else { Issue.record("another email was refused"); return }
        guard case .claimed = try await store.attempts.claim(email: "kim@example.com", from: Self.here, at: 1900, policy: Self.policy)
        else { Issue.record("still refused after the window"); return }
    }

    @Test("twenty attempts per email across addresses lock every address")
    func claimPerEmail() async throws {
        for index in 0..<20 {
            _ = try await store.attempts.claim(email: "kim@example.com", from: ClientAddress("10.0.0.\(index / 5)"),
                                               at: 1000 + Double(index), policy: Self.policy)
        }
        #expect(try await store.count("login_attempts") == 20)
        #expect(try await store.attempts.claim(email: "kim@example.com", from: ClientAddress("10.0.9.9"), at: 1030, policy: Self.policy)
            == .refused(until: 1900))
    }

    @Test("a failure keeps its slot, a release gives it back, a success forgets its address's failures only")
    func settle() async throws {
        func claim(_ address: ClientAddress, _ time: Double) async throws -> AttemptID {
            guard case .claimed(let id) = try await store.attempts.claim(email: "kim@example.com", from: address, at: time,
                                                                       policy: Self.policy)
            else { throw DeliberateError() }
            return id
        }
        let elsewhere = ClientAddress("127.0.0.2")
        for second in 0..<3 { try await store.attempts.recordFailure(try await claim(Self.here, 1000 + Double(second))) }
        try await store.attempts.recordFailure(try await claim(elsewhere, 1003))
        let pending = try await claim(Self.here, 1004)
        let unchecked = try await claim(Self.here, 1005)
        try await store.attempts.release(unchecked)
        #expect(try await store.count("login_attempts") == 5)
        try await store.attempts.recordSuccess(try await claim(Self.here, 1006))
        // Left: the other address's failure and the attempt still being checked.
        let left = try await store.database.read { connection in
            try connection.query("SELECT id, client_address, outcome FROM login_attempts ORDER BY id").map {
                "\(try $0.string(1)) \(try $0.string(2))"
            }
        }
        #expect(left == ["127.0.0.2 FAILED", "127.0.0.1 PENDING"])
        try await store.attempts.recordFailure(pending)
        try await store.attempts.release(pending)   // too late: a failure stays counted
        #expect(try await store.count("login_attempts") == 2)
    }

    @Test("attempts that left the window are dropped by a later claim, of every email")
    func prune() async throws {
        _ = try await store.attempts.claim(email: "old@example.com", from: Self.here, at: 10, policy: Self.policy)
        _ = try await store.attempts.claim(email: "kim@example.com", from: Self.here, at: 500, policy: Self.policy)
        _ = try await store.attempts.claim(email: "kim@example.com", from: Self.here, at: 1000, policy: Self.policy)
        #expect(try await store.count("login_attempts") == 2)   // pruned by the claim at 1000: 10 was over 900 s old
    }
}
