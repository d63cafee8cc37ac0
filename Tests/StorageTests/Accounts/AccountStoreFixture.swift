import Marketplace
import Storage

/// An in-memory database with the shipped schema and the account repositories over it.
struct AccountStoreFixture {
    let database: Database
    let users: UserStore
    let sessions: SessionStore
    let codes: VerificationCodeStore
    let attempts: LoginAttemptStore
    let limits: RateLimitStore

    init() throws {
        try self.init(database: try RepositoryDatabase.make())
    }

    /// The repositories over `database` (a second server's view of a shared one, say).
    init(database: Database) throws {
        self.database = database
        users = UserStore(database: database)
        sessions = SessionStore(database: database)
        codes = VerificationCodeStore(database: database)
        attempts = LoginAttemptStore(database: database)
        limits = RateLimitStore(database: database)
    }

    static let hash = "$2b$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"

    static func account(_ email: String = "kim@example.com", role: Role = .customer) -> NewAccount {
        NewAccount(email: EmailAddress(email)!, password: "password1", name: "Kim", phone: "01012345678", role: role, emailVerified: false)
    }

    @discardableResult
    func user(_ email: String = "kim@example.com", role: Role = .customer, at time: Double = 1_700_000_000) async throws -> User {
        try await users.create(Self.account(email, role: role), passwordHash: Self.hash, createdAt: time)
    }

    /// How many rows `table` holds.
    func count(_ table: String) async throws -> Int {
        try await database.read { try $0.queryRow("SELECT count(*) FROM \(table)")?.int(0) ?? -1 }
    }
}
