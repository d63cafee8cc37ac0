/// The card input rules of docs/API.md §5 and docs/CARD_MESSAGE.md. Call `validate(_:now:)` on the
/// card pay request before anything else; the card company's sandbox runs the same rules
/// on the card it parses out of a message. Issues name the field, never its value.
public enum CardRules {
    /// Digits in a card number.
    public static let numberLengths: ClosedRange<Int> = 10...16
    /// Installment months (0 = lump sum).
    public static let installmentMonths: ClosedRange<Int> = 0...12
    /// What one card payment may charge, in KRW.
    public static let amounts: ClosedRange<Int64> = 100...1_000_000_000

    /// Throws a 400 `INVALID_REQUEST` naming every bad field; `now` is `WallClock.now()`.
    public static func validate(_ card: CardDetails, now: Double) throws(MarketplaceError) {
        let issues = issues(for: card, now: now)
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The card details are not valid.") }
    }

    /// Every problem with `card`, in field order (empty when valid).
    public static func issues(for card: CardDetails, now: Double) -> [FieldIssue] {
        numberIssues(card.number) + expiryIssues(card.expiry, now: now) + cvcIssues(card.cvc)
            + installmentIssues(card.installmentMonths)
    }

    /// 10–16 ASCII digits, nothing else (no spaces or dashes).
    public static func numberIssues(_ number: String, field: String = "cardNumber") -> [FieldIssue] {
        isDigits(number, lengths: numberLengths) ? [] : [FieldIssue(field: field, message: "must be 10 to 16 digits")]
    }

    /// MMYY, month 01–12, not before the current month. A card is good through the last
    /// day of its expiry month; months are judged in UTC. YY means 20YY.
    public static func expiryIssues(_ expiry: String, now: Double, field: String = "expiry") -> [FieldIssue] {
        guard let (month, year) = expiryMonth(expiry) else {
            return [FieldIssue(field: field, message: "must be MMYY with a month from 01 to 12")]
        }
        let today = CivilDate(unixSeconds: now)
        if (year, month) < (today.year, today.month) {
            return [FieldIssue(field: field, message: "must not be in the past")]
        }
        return []
    }

    /// Exactly 3 ASCII digits.
    public static func cvcIssues(_ cvc: String, field: String = "cvc") -> [FieldIssue] {
        isDigits(cvc, lengths: 3...3) ? [] : [FieldIssue(field: field, message: "must be exactly 3 digits")]
    }

    /// 0 (lump sum) to 12.
    public static func installmentIssues(_ months: Int, field: String = "installmentMonths") -> [FieldIssue] {
        installmentMonths.contains(months) ? [] : [FieldIssue(field: field, message: "must be a whole number from 0 to 12")]
    }

    /// 100–1,000,000,000 KRW, what the card company accepts for one payment.
    public static func amountIssues(_ amount: Int64, field: String = "amount") -> [FieldIssue] {
        amounts.contains(amount) ? [] : [FieldIssue(field: field, message: "must be from 100 to 1000000000 KRW")]
    }

    /// `(month, 20YY)` of a well-formed MMYY, or nil.
    static func expiryMonth(_ expiry: String) -> (month: Int, year: Int)? {
        guard isDigits(expiry, lengths: 4...4) else { return nil }
        let digits = expiry.utf8.map { Int($0 - UInt8(ascii: "0")) }
        let month = digits[0] * 10 + digits[1]
        guard (1...12).contains(month) else { return nil }
        return (month, 2000 + digits[2] * 10 + digits[3])
    }

    static func isDigits(_ text: String, lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
