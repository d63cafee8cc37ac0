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
    let sessionStore: InMemorySessionRepository
    let codes: InMemoryVerificationCodeRepository
    var settings = AuthSettings()

    init(requireEmailVerification: Bool = true) {
        sessionStore = InMemorySessionRepository(users: users)
        codes = InMemoryVerificationCodeRepository(users: users)
        settings.requireEmailVerification = requireEmailVerification
    }

    var accounts: AccountService {
        AccountService(users: users, codes: codes, hasher: hasher, mailer: mailer, clock: clock)
    }

    var sessions: SessionService {
        SessionService(users: users, sessions: sessionStore, attempts: attempts, hasher: hasher, clock: clock,
                       settings: settings, decoyHash: "fake:decoy that matches nothing")
    }

    var authenticator: Authenticator { Authenticator(sessions: sessionStore, clock: clock) }

    static func form(email: String = "kim@example.com", password: String = "password1", role: String = "CUSTOMER") -> SignupForm {
        SignupForm(email: email, password: password, name: "Kim", phone: "01012345678", role: role)
    }

    /// Signs up an account (verified unless told otherwise) and returns it.
    @discardableResult
    func account(email: String = "kim@example.com", password: String = "password1", verified: Bool = true) async throws -> User {
        let user = try await accounts.signUp(Self.form(email: email, password: password))
        guard verified else { return user }
        return try await accounts.verifyEmail(email: email, code: mailer.lastCode)
    }
}
