import Marketplace
import Testing

struct CardRulesTests {
    /// 2026-12-02 11:30:00 UTC.
    static let now = 1_796_211_000.0

    static func card(number: String = "1234567890123456", expiry: String = "1227", cvc: String = "777",
                     installmentMonths: Int = 0) -> CardDetails {
        CardDetails(number: number, expiry: expiry, cvc: cvc, installmentMonths: installmentMonths)
    }

    @Test("a well-formed card passes")
    func valid() throws {
        #expect(CardRules.issues(for: Self.card(), now: Self.now).isEmpty)
        try CardRules.validate(Self.card(), now: Self.now)
    }

    @Test("card numbers are 10–16 ASCII digits", arguments: [
        ("1234567890", true), ("1234567890123456", true), ("123456789", false), ("12345678901234567", false),
        ("", false), ("1234 5678 9012", false), ("1234-5678-9012", false), ("12345678901234a6", false),
        ("１２３４５６７８９０", false), ("١٢٣٤٥٦٧٨٩٠", false), ("+1234567890", false), ("-1234567890", false),
    ])
    func numbers(number: String, valid: Bool) {
        #expect(CardRules.numberIssues(number).isEmpty == valid)
    }

    @Test("expiry is MMYY with month 01–12, this month or later (UTC)", arguments: [
        ("1226", true), ("0127", true), ("1299", true), ("1126", false), ("1225", false), ("0100", false),
        ("0026", false), ("1326", false), ("9926", false), ("126", false), ("12026", false), ("12/26", false),
        ("", false), ("ab26", false), ("１２２６", false),
    ])
    func expiries(expiry: String, valid: Bool) {
        #expect(CardRules.expiryIssues(expiry, now: Self.now).isEmpty == valid)
    }

    @Test("a card expiring this month is good until the month ends in UTC")
    func monthBoundary() {
        // 2025-11-30 23:59:59 UTC, then one second later 2025-12-01 00:00:00 UTC.
        #expect(CardRules.expiryIssues("1125", now: 1_764_547_199).isEmpty)
        #expect(CardRules.expiryIssues("1125", now: 1_764_547_200) == [FieldIssue(field: "expiry", message: "must not be in the past")])
        #expect(CardRules.expiryIssues("1225", now: 1_764_547_200).isEmpty)
    }

    @Test("the year turns over: 12/26 is past in January 2027, 01/27 is not")
    func yearBoundary() {
        let january2027 = 1_798_761_600.0   // 2027-01-01 00:00:00 UTC
        #expect(!CardRules.expiryIssues("1226", now: january2027).isEmpty)
        #expect(CardRules.expiryIssues("0127", now: january2027).isEmpty)
    }

    @Test("CVC is exactly 3 ASCII digits", arguments: [
        ("777", true), ("000", true), ("77", false), ("7777", false), ("", false), ("7a7", false), (" 77", false),
    ])
    func cvcs(cvc: String, valid: Bool) {
        #expect(CardRules.cvcIssues(cvc).isEmpty == valid)
    }

    @Test("installments are 0–12", arguments: [(0, true), (1, true), (2, true), (12, true), (-1, false), (13, false), (Int.max, false)])
    func installments(months: Int, valid: Bool) {
        #expect(CardRules.installmentIssues(months).isEmpty == valid)
    }

    @Test("one card payment is 100–1,000,000,000 KRW", arguments: [
        (Int64(100), true), (1_000_000_000, true), (99, false), (0, false), (-100, false), (1_000_000_001, false),
    ])
    func amounts(amount: Int64, valid: Bool) {
        #expect(CardRules.amountIssues(amount).isEmpty == valid)
    }

    @Test("every bad field is named, in request order, as a 400 INVALID_REQUEST")
    func allFieldsNamed() {
        let card = Self.card(number: "12", expiry: "1325", cvc: "1", installmentMonths: 13)
        #expect(CardRules.issues(for: card, now: Self.now).map(\.field) == ["cardNumber", "expiry", "cvc", "installmentMonths"])
        #expect(throws: MarketplaceError.self) { try CardRules.validate(card, now: Self.now) }
        do {
            try CardRules.validate(card, now: Self.now)
        } catch {
            guard case .validation(let code, _, let issues) = error else { Issue.record("not a validation error"); return }
            #expect(code == "INVALID_REQUEST")
            #expect(issues.count == 4)
        }
    }

    @Test("only the bad field is named")
    func onlyBadField() {
        #expect(CardRules.issues(for: Self.card(cvc: "12"), now: Self.now).map(\.field) == ["cvc"])
        #expect(CardRules.issues(for: Self.card(expiry: "0125"), now: Self.now).map(\.field) == ["expiry"])
    }

    @Test("issues never repeat the card data")
    func issuesRedact() {
        let card = Self.card(number: "98765432101234567", expiry: "1324", cvc: "9876")
        let text = CardRules.issues(for: card, now: Self.now).map { "\($0.field) \($0.message)" }.joined()
        for secret in ["98765432101234567", "1324", "9876"] { #expect(!text.contains(secret)) }
    }
}
