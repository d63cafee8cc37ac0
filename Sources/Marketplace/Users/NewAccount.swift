/// A validated account about to be created; `password` is still clear text and is hashed
/// by the account service before anything is stored.
public struct NewAccount: Sendable, Equatable {
    /// The validated address.
    public var email: EmailAddress
    /// The clear-text password, valid by `AccountRules`.
    public var password: String
    /// The display name.
    public var name: String
    /// 10–11 digits, or nil for operator-made accounts.
    public var phone: String?
    /// The account's role.
    public var role: Role
    /// True only for operator-made accounts.
    public var emailVerified: Bool

    /// Creates a validated account; callers check the rules first (`SignupForm.validated()`).
    public init(email: EmailAddress, password: String, name: String, phone: String?, role: Role, emailVerified: Bool) {
        self.email = email
        self.password = password
        self.name = name
        self.phone = phone
        self.role = role
        self.emailVerified = emailVerified
    }

    /// An operator-made administrator: verified, no phone; the same email and password rules.
    public static func administrator(email: String, password: String, name: String = "Administrator") throws -> NewAccount {
        let issues = AccountRules.emailIssues(email) + AccountRules.passwordIssues(password) + AccountRules.nameIssues(name)
        guard issues.isEmpty, let address = EmailAddress(email) else {
            throw MarketplaceError.invalid(issues, detail: "The administrator's email or password is not valid.")
        }
        return NewAccount(email: address, password: password, name: name, phone: nil, role: .admin, emailVerified: true)
    }
}
