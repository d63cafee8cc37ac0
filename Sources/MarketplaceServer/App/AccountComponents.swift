import Auth
import Marketplace
import Storage
import HTTPServer

/// Accounts, sessions and authentication wired to the database, bcrypt and the mail queue: the
/// part of the composition root that `serve` and `create-admin` share.
struct AccountComponents: Sendable {
    let hasher: BcryptPasswordHasher
    let accounts: AccountService
    let sessions: SessionService
    let authenticator: Authenticator
    let userAdmin: UserAdminService

    /// Builds every adapter and service; computes the bcrypt decoy hash (one hash, at start).
    /// `generation`: the catalog's, which a seller's suspension moves.
    static func make(config: AppConfig, database: Database, clock: any WallClock, logger: Logger,
                     generation: CatalogGeneration = CatalogGeneration(),
                     mailQueued: @escaping @Sendable () -> Void = {}) throws -> AccountComponents {
        let users = UserStore(database: database)
        let sessionStore = SessionStore(database: database)
        let hasher = try BcryptPasswordHasher(
            cost: config.auth.bcryptCost,
            workers: config.auth.hashWorkers == 0 ? Sys.cpuCount : config.auth.hashWorkers,
            queueLimit: config.auth.hashQueueLimit)
        let settings = AuthSettings(tokenLifetime: Double(config.auth.tokenTtl),
                                    requireEmailVerification: config.auth.requireEmailVerification,
                                    throttle: config.authLimits.login, signupLimit: config.authLimits.signup,
                                    resendLimit: config.authLimits.resend)
        let accounts = AccountService(
            users: users, codes: VerificationCodeStore(database: database, mailQueued: mailQueued),
            limits: RateLimitStore(database: database), hasher: hasher, clock: clock,
            settings: settings, mailFailed: { error in logger.error("verification mail not queued", [("error", .string("\(error)"))]) })
        let sessions = SessionService(
            users: users, sessions: sessionStore, attempts: LoginAttemptStore(database: database),
            hasher: hasher, clock: clock, settings: settings, decoyHash: hasher.decoyHash)
        return AccountComponents(
            hasher: hasher, accounts: accounts, sessions: sessions,
            authenticator: Authenticator(sessions: sessionStore, clock: clock),
            userAdmin: UserAdminService(users: users, sessions: sessionStore, clock: clock, generation: generation))
    }
}
