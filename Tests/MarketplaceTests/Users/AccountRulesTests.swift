import Marketplace
import MarketplaceFakes
import Testing

@Suite struct AccountRulesTests {
    @Test("a password of exactly 72 UTF-8 bytes is accepted and 73 are refused, never truncated")
    func seventyTwoBytes() {
        #expect(AccountRules.passwordIssues(String(repeating: "a", count: 72)).isEmpty)
        let issues = AccountRules.passwordIssues(String(repeating: "a", count: 73))
        #expect(issues.map(\.field) == ["password"])
        #expect(issues.first?.message.contains("72 bytes") == true)
    }

    @Test("multi-byte characters count in bytes: 24 Hangul syllables (72 bytes) pass, 25 (75 bytes) do not")
    func hangulCountsBytes() {
        let syllable = "한"   // 3 bytes in UTF-8
        #expect(AccountRules.passwordIssues(String(repeating: syllable, count: 24)).isEmpty)
        #expect(!AccountRules.passwordIssues(String(repeating: syllable, count: 25)).isEmpty)
    }

    @Test("passwords under 8 characters or holding NUL are refused", arguments: ["", "1234567", "abc\u{0}defgh", "\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}"])
    func weakPasswords(_ password: String) {
        #expect(!AccountRules.passwordIssues(password).isEmpty)
        #expect(!AccountRules.isAcceptablePassword(password))
    }

    @Test("8 characters is enough, counted as characters, not bytes")
    func minimumLength() {
        #expect(AccountRules.passwordIssues("12345678").isEmpty)
        #expect(AccountRules.passwordIssues("비밀번호비밀번호").isEmpty)
        #expect(!AccountRules.passwordIssues("비밀번호").isEmpty)
    }

    @Test("phones are 10 or 11 digits and nothing else", arguments: [
        ("0212345678", true), ("01012345678", true), ("012345678", false), ("010123456789", false),
        ("010-1234-5678", false), ("+821012345678", false), ("0101234567a", false), ("", false), ("０１０１２３４５６７８", false),
    ])
    func phones(_ phone: String, _ valid: Bool) {
        #expect(AccountRules.phoneIssues(phone).isEmpty == valid)
    }

    @Test("names are 1–100 characters, not blank, without control characters", arguments: [
        ("Kim", true), ("김민수", true), (String(repeating: "n", count: 100), true), (String(repeating: "n", count: 101), false),
        ("", false), ("   ", false), ("Kim\nLee", false),
    ])
    func names(_ name: String, _ valid: Bool) {
        #expect(AccountRules.nameIssues(name).isEmpty == valid)
    }
}
