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

    @Test("only six ASCII digits are a well-formed code", arguments: [("123456", true), ("000000", true), ("12345", false),
                                                                       ("1234567", false), ("12345a", false), ("１２３４５６", false)])
    func wellFormed(_ code: String, _ expected: Bool) {
        #expect(PendingVerification.isWellFormed(code) == expected)
    }
}
