/// An account as the rest of the system sees it: never its password hash.
public struct User: Sendable, Equatable {
    /// The account's id.
    public let id: UserID
    /// The address as typed at signup; uniqueness ignores case (`EmailAddress.normalized`).
    public var email: String
    /// The display name, 1–100 characters.
    public var name: String
    /// 10–11 digits; nil for accounts made by an operator (admin bootstrap).
    public var phone: String?
    /// What the account may do.
    public var role: Role
    /// Whether it may act.
    public var status: UserStatus
    /// Whether the mailed code was entered.
    public var emailVerified: Bool
    /// Seconds since the Unix epoch.
    public var createdAt: Double
    /// The language of its mail (`PATCH /me {locale}`).
    public var locale: MailLocale

    /// Creates a user value.
    public init(id: UserID, email: String, name: String, phone: String?, role: Role, status: UserStatus,
                emailVerified: Bool, createdAt: Double, locale: MailLocale = .ko) {
        self.locale = locale
        self.id = id
        self.email = email
        self.name = name
        self.phone = phone
        self.role = role
        self.status = status
        self.emailVerified = emailVerified
        self.createdAt = createdAt
    }

    /// Whether the account may act at all (log in, use its tokens).
    public var isActive: Bool { status == .active }
}
