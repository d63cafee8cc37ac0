import Marketplace
import Storage
import Testing

@Suite struct SQLiteVerificationAndThrottleTests {
    let store: AccountStoreFixture
    init() throws { store = try AccountStoreFixture() }
    static let digest = String(repeating: "d", count: 64)

    @Test("redeeming the right, live code verifies the account and consumes the code")
    func redeem() async throws {
        let user = try await store.user()
        try await store.codes.replace(PendingVerification(userID: user.id, codeDigest: Self.digest, expiresAt: 700, failedAttempts: 0), createdAt: 100)
        #expect(try await !store.codes.redeem(for: user.id, codeDigest: String(repeating: "e", count: 64), now: 200))
        #expect(try await store.codes.redeem(for: user.id, codeDigest: Self.digest, now: 200))
        #expect(try await store.users.find(user.id)?.emailVerified == true)
        #expect(try await store.codes.pending(for: user.id) == nil)
    }

    @Test("failed attempts stop counting at five, and a void or expired code cannot be redeemed")
    func voidAndExpired() async throws {
        let user = try await store.user()
        try await store.codes.replace(PendingVerification(userID: user.id, codeDigest: Self.digest, expiresAt: 700, failedAttempts: 0), createdAt: 100)
        #expect(try await !store.codes.redeem(for: user.id, codeDigest: Self.digest, now: 700))
        for _ in 0..<7 { try await store.codes.recordFailedAttempt(for: user.id) }
        #expect(try await store.codes.pending(for: user.id)?.failedAttempts == 5)
        #expect(try await !store.codes.redeem(for: user.id, codeDigest: Self.digest, now: 200))
        try await store.codes.replace(PendingVerification(userID: user.id, codeDigest: Self.digest, expiresAt: 900, failedAttempts: 0), createdAt: 300)
        #expect(try await store.codes.pending(for: user.id)?.failedAttempts == 0)
    }

    @Test("recent failures come newest first, limited, and only from the window and the email asked for")
    func recentFailures() async throws {
        for second in 0..<6 {
            try await store.attempts.recordFailure(email: "kim@example.com", at: 1000 + Double(second), forgetBefore: 0)
        }
        try await store.attempts.recordFailure(email: "lee@example.com", at: 1003, forgetBefore: 0)
        #expect(try await store.attempts.recentFailures(email: "kim@example.com", since: 1001, limit: 3) == [1005, 1004, 1003])
        #expect(try await store.attempts.recentFailures(email: "kim@example.com", since: 1004, limit: 5) == [1005])
    }

    @Test("recording drops failures that left the window, of every email; clear forgets one email")
    func pruneAndClear() async throws {
        try await store.attempts.recordFailure(email: "old@example.com", at: 10, forgetBefore: 0)
        try await store.attempts.recordFailure(email: "kim@example.com", at: 20, forgetBefore: 0)
        try await store.attempts.recordFailure(email: "kim@example.com", at: 1000, forgetBefore: 15)
        #expect(try await store.attempts.recentFailures(email: "old@example.com", since: 0, limit: 5).isEmpty)
        #expect(try await store.attempts.recentFailures(email: "kim@example.com", since: 0, limit: 5) == [1000, 20])
        try await store.attempts.clear(email: "kim@example.com")
        #expect(try await store.attempts.recentFailures(email: "kim@example.com", since: 0, limit: 5).isEmpty)
    }
}
