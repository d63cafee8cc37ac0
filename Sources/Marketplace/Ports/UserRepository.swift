/// An account with the bcrypt hash its password is checked against; only the account
/// flows see it, and it never leaves the server.
public struct UserCredentials: Sendable, Equatable {
    /// The account.
    public let user: User
    /// Its bcrypt hash.
    public let passwordHash: String

    /// Pairs a user with its password hash.
    public init(user: User, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}

/// Where accounts live.
public protocol UserRepository: Sendable {
    /// Stores a new account; throws `MarketplaceError.conflict` code `EMAIL_TAKEN` when an
    /// account already has this email, compared case-insensitively.
    func create(_ account: NewAccount, passwordHash: String, createdAt: Double) async throws -> User

    /// The account with this id, or nil.
    func find(_ id: UserID) async throws -> User?

    /// The account whose normalized email (`EmailAddress.normalized`) is `email`, with its hash.
    func credentials(forEmail email: String) async throws -> UserCredentials?

    /// A page of accounts matching `query`, by id.
    func list(_ query: UserQuery) async throws -> Page<User>

    /// Sets the status and returns the updated account, or nil when there is none. In the
    /// same transaction, the account's products leave the public catalog (SUSPENDED) or come
    /// back as they were (ACTIVE), so no reader sees the account and its products disagree.
    /// Sets the given fields of the account in one write; nil when there is no such account.
    func updateProfile(_ update: ProfileUpdate, of id: UserID) async throws -> User?

    func setStatus(_ status: UserStatus, of id: UserID) async throws -> User?
}
