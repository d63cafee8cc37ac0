/// What a person sends to sign up, before any rule is applied; nil means "missing".
public struct SignupForm: Sendable, Equatable {
    /// The address as typed.
    public var email: String?
    /// The chosen password.
    public var password: String?
    /// The display name.
    public var name: String?
    /// The phone number, digits only.
    public var phone: String?
    /// `CUSTOMER` or `SELLER`, as sent.
    public var role: String?

    /// Creates a form.
    public init(email: String? = nil, password: String? = nil, name: String? = nil, phone: String? = nil, role: String? = nil) {
        self.email = email
        self.password = password
        self.name = name?.nfc
        self.phone = phone.map(AccountRules.phoneDigitsOnly)
        self.role = role
    }

    /// The account to create, or `MarketplaceError.validation` naming every bad field at once.
    public func validated() throws -> NewAccount {
        var issues: [FieldIssue] = []
        func required(_ value: String?, _ field: String) -> String? {
            if value == nil { issues.append(FieldIssue(field: field, message: "is required")) }
            return value
        }
        let email = required(self.email, "email"), password = required(self.password, "password")
        let name = required(self.name, "name"), phone = required(self.phone, "phone"), role = required(self.role, "role")
        if let email { issues += AccountRules.emailIssues(email) }
        if let password { issues += AccountRules.passwordIssues(password) }
        if let name { issues += AccountRules.nameIssues(name) }
        if let phone { issues += AccountRules.phoneIssues(phone) }
        var parsedRole: Role?
        if let role {
            switch Role(rawValue: role) {
            case .admin?: issues.append(FieldIssue(field: "role", message: "ADMIN accounts cannot sign up; use CUSTOMER or SELLER"))
            case let picked?: parsedRole = picked
            case nil: issues.append(FieldIssue(field: "role", message: "must be CUSTOMER or SELLER"))
            }
        }
        guard issues.isEmpty, let email, let address = EmailAddress(email), let password, let name, let phone, let parsedRole else {
            throw MarketplaceError.invalid(issues, detail: "Some fields are not valid.")
        }
        return NewAccount(email: address, password: password, name: name, phone: phone, role: parsedRole, emailVerified: false)
    }
}
