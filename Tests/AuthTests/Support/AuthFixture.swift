@testable import Auth
import Marketplace
import MarketplaceFakes

/// The account flows over in-memory fakes, a fake hasher and a clock the test moves.
struct AuthFixture {
    let clock = ManualClock()
    let users = InMemoryUserRepository()
    let hasher = FakeHasher()
    let mailer = RecordingMailer()
    let attempts = InMemoryLoginAttemptRepository()
    let limits = InMemoryRateLimitRepository()
    let sessionStore: InMemorySessionRepository
    let codes: InMemoryVerificationCodeRepository
    var settings = AuthSettings()

    init(requireEmailVerification: Bool = true) {
        sessionStore = InMemorySessionRepository(users: users)
        codes = InMemoryVerificationCodeRepository(users: users, mailer: mailer)
        settings.requireEmailVerification = requireEmailVerification
    }

    var accounts: AccountService {
        AccountService(users: users, codes: codes, limits: limits, hasher: hasher, clock: clock, settings: settings)
    }

    var sessions: SessionService {
        SessionService(users: users, sessions: sessionStore, attempts: attempts, hasher: hasher, clock: clock,
                       settings: settings, decoyHash: "fake:decoy that matches nothing")
    }

    var authenticator: Authenticator { Authenticator(sessions: sessionStore, clock: clock) }

    /// The client address requests come from unless a test says otherwise.
    static let here = ClientAddress("127.0.0.1")

    static func form(email: String = "kim@example.com", password: String = "password1", role: String = "CUSTOMER") -> SignupForm {
        SignupForm(email: email, password: password, name: "Kim", phone: "01012345678", role: role)
    }

    /// Logs in through the service from `address`.
    @discardableResult
    func logIn(_ email: String?, _ password: String?, from address: ClientAddress = here) async throws -> LoginResult {
        try await sessions.logIn(email: email, password: password, from: address)
    }

    /// Signs up an account (verified unless told otherwise) and returns it.
    @discardableResult
    func account(email: String = "kim@example.com", password: String = "password1", verified: Bool = true) async throws -> User {
        let user = try await accounts.signUp(Self.form(email: email, password: password), from: Self.here)
        guard verified else { return user }
        return try await accounts.verifyEmail(email: email, code: mailer.lastCode)
    }
}
