/// A seller's payout account (docs/API.md §11) as answers show it: never the number in clear.
public struct PayoutAccount: Sendable, Equatable {
    public enum Status: String, Sendable { case pending = "PENDING", verified = "VERIFIED", rejected = "REJECTED" }

    public let sellerID: UserID
    public let bankCode: String
    public let maskedAccountNumber: String
    public let holderName: String
    public let businessNumber: String?
    public let status: Status

    public init(sellerID: UserID, bankCode: String, maskedAccountNumber: String, holderName: String, businessNumber: String?,
                status: Status) {
        self.sellerID = sellerID
        self.bankCode = bankCode
        self.maskedAccountNumber = maskedAccountNumber
        self.holderName = holderName
        self.businessNumber = businessNumber
        self.status = status
    }

    /// All but the last 4 digits as `*`: `1234567890` → `******7890`.
    public static func mask(_ number: String) -> String {
        String(repeating: "*", count: max(0, number.count - 4)) + number.suffix(4)
    }

    /// The §11 rules: bankCode 3 digits, accountNumber 6–20 digits, holderName 1–50 characters
    /// without control characters, businessNumber (if any) 10 digits.
    public static func issues(bankCode: String?, accountNumber: String?, holderName: String?, businessNumber: String?) -> [FieldIssue] {
        func digits(_ text: String?, _ range: ClosedRange<Int>) -> Bool {
            guard let text else { return false }
            return range.contains(text.utf8.count) && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
        }
        var issues: [FieldIssue] = []
        if !digits(bankCode, 3...3) { issues.append(FieldIssue(field: "bankCode", message: "must be 3 digits")) }
        if !digits(accountNumber, 6...20) { issues.append(FieldIssue(field: "accountNumber", message: "must be 6–20 digits")) }
        let holder = holderName?.trimmingWhitespace() ?? ""
        if !(1...50).contains(holder.count) || holder.hasControlCharacters {
            issues.append(FieldIssue(field: "holderName", message: "must be 1–50 characters without control characters"))
        }
        if businessNumber != nil && !digits(businessNumber, 10...10) {
            issues.append(FieldIssue(field: "businessNumber", message: "must be 10 digits"))
        }
        return issues
    }
}
