import Marketplace
import MarketplaceFakes
import Testing

@Suite struct PendingVerificationTests {
    static func make(expiresAt: Double = 1000, failedAttempts: Int = 0) -> PendingVerification {
        PendingVerification(userID: UserID(rawValue: 1), codeDigest: "d", expiresAt: expiresAt, failedAttempts: failedAttempts)
    }

    @Test("a code is spent once it expires")
    func expiry() {
        #expect(!Self.make().isSpent(at: 999))
        #expect(Self.make().isSpent(at: 1000))
    }

    @Test("five wrong tries void a code")
    func voided() {
        #expect(!Self.make(failedAttempts: 4).isSpent(at: 0))
        #expect(Self.make(failedAttempts: 5).isSpent(at: 0))
    }

    @Test("a resend's code inherits the failed tries of the live code it replaces", arguments: [0, 1, 4])
    func carriesTries(_ failed: Int) {
        let fresh = Self.make(expiresAt: 1600)
        let replaced = fresh.replacing(Self.make(expiresAt: 1000, failedAttempts: failed), at: 999)
        #expect(replaced.failedAttempts == failed && replaced.triesLeft == 5 - failed)
        #expect(replaced.expiresAt == 1600 && replaced.codeDigest == fresh.codeDigest)
    }

    @Test("an expired or voided code, or none, is replaced with a fresh budget")
    func freshBudget() {
        let fresh = Self.make(expiresAt: 1600)
        #expect(fresh.replacing(Self.make(expiresAt: 1000, failedAttempts: 3), at: 1000) == fresh)   // expired at that instant
        #expect(fresh.replacing(Self.make(expiresAt: 1000, failedAttempts: 5), at: 500) == fresh)    // void
        #expect(fresh.replacing(nil, at: 500) == fresh)
        #expect(fresh.triesLeft == 5 && Self.make(failedAttempts: 5).triesLeft == 0 && Self.make(failedAttempts: 5).isVoid)
    }

    @Test("only six ASCII digits are a well-formed code", arguments: [("123456", true), ("000000", true), ("12345", false),
                                                                       ("1234567", false), ("12345a", false), ("１２３４５６", false)])
    func wellFormed(_ code: String, _ expected: Bool) {
        #expect(PendingVerification.isWellFormed(code) == expected)
    }
}
