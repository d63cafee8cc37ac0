import Auth
import Marketplace
import Storage

/// The first administrator (docs/API.md §2): from `MARKETPLACE_ADMIN_EMAIL` and
/// `MARKETPLACE_ADMIN_PASSWORD` at start, or from `create-admin`. Admins cannot sign up.
enum AdminBootstrap {
    static let emailVariable = "MARKETPLACE_ADMIN_EMAIL"
    static let passwordVariable = "MARKETPLACE_ADMIN_PASSWORD"

    /// Creates a verified ADMIN when both variables are set and no account has the email;
    /// does nothing otherwise. Throws when the email or password breaks the rules.
    @discardableResult
    static func fromEnvironment(_ environment: [String: String], accounts: AccountService, logger: Logger) async throws
        -> AccountService.AdminCreation? {
        guard let email = environment[emailVariable], !email.isEmpty,
              let password = environment[passwordVariable], !password.isEmpty
        else { return nil }
        let outcome = try await accounts.createAdmin(email: email, password: password)
        switch outcome {
        case .created(let user): logger.info("admin account created", [("userId", .int(Int(user.id.rawValue)))])
        case .exists(let user): logger.info("admin bootstrap skipped: the email has an account", [("userId", .int(Int(user.id.rawValue)))])
        }
        return outcome
    }

    /// `MarketplaceServer create-admin`: migrates the database, creates the admin, and returns
    /// the exit status — 0 when created or when an ADMIN already has the email, 1 when
    /// another account has it or storage fails, 2 when the email or password is refused.
    static func runCommand(config: AppConfig, email: String, password: String, clock: any WallClock = SystemClock(),
                           out: (String) -> Void = Console.out, err: (String) -> Void = Console.error) async -> Int32 {
        let logger = Logger(minimum: .warn, background: false)
        let database: Database
        do {
            try DataDirectory.prepare(config.storage.dataDir)
            database = try DataDirectory.openDatabase(config.storage)
        } catch {
            err("create-admin: cannot open storage: \(error)")
            return 1
        }
        defer { logger.flush() }
        var status: Int32
        do {
            let components = try AccountComponents.make(config: config, database: database, clock: clock, logger: logger)
            defer { components.hasher.shutdown() }
            switch try await components.accounts.createAdmin(email: email, password: password) {
            case .created(let user):
                out("created ADMIN \(user.email) (id \(user.id))")
                status = 0
            case .exists(let user) where user.role == .admin:
                out("an ADMIN with email \(user.email) already exists (id \(user.id)); nothing changed")
                status = 0
            case .exists(let user):
                err("create-admin: a \(user.role.rawValue) account already has email \(user.email)")
                status = 1
            }
        } catch let error as MarketplaceError {
            err("create-admin: \(describe(error))")
            status = 2
        } catch {
            err("create-admin: \(error)")
            status = 1
        }
        await database.close()
        return status
    }

    /// One line for an operator: the detail and each refused field.
    static func describe(_ error: any Error) -> String {
        guard case let MarketplaceError.validation(_, detail, issues)? = error as? MarketplaceError else { return "\(error)" }
        return ([detail] + issues.map { "\($0.field) \($0.message)" }).joined(separator: "; ")
    }
}
