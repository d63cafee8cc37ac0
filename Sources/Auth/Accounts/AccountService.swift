public import Marketplace

/// Signup, email verification and admin creation (API.md §2).
public struct AccountService: Sendable {
    let users: any UserRepository
    let codes: any VerificationCodeRepository
    let hasher: any PasswordHasher
    let mailer: any Mailer
    let clock: any WallClock
    /// Told when a verification mail could not be queued; the account stands and `resend` helps.
    let mailFailed: @Sendable (any Error) -> Void

    /// Creates the service over its ports.
    public init(users: any UserRepository, codes: any VerificationCodeRepository, hasher: any PasswordHasher,
                mailer: any Mailer, clock: any WallClock, mailFailed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.users = users
        self.codes = codes
        self.hasher = hasher
        self.mailer = mailer
        self.clock = clock
        self.mailFailed = mailFailed
    }

    /// Creates an unverified CUSTOMER or SELLER account and mails it a code.
    public func signUp(_ form: SignupForm) async throws -> User {
        let account = try form.validated()
        // Spares a hash for the common duplicate; the UNIQUE index still decides races.
        if try await users.credentials(forEmail: account.email.normalized) != nil { throw Self.emailTaken }
        let hash = try await hasher.hash(account.password)
        let user = try await users.create(account, passwordHash: hash, createdAt: clock.now())
        await sendCode(to: user, address: account.email)
        return user
    }

    /// Marks the email verified when `code` is the pending one, unexpired and not void.
    public func verifyEmail(email: String?, code: String?) async throws -> User {
        var issues: [FieldIssue] = []
        if email == nil { issues.append(FieldIssue(field: "email", message: "is required")) }
        if let code, !PendingVerification.isWellFormed(code) {
            issues.append(FieldIssue(field: "code", message: "must be 6 digits"))
        } else if code == nil {
            issues.append(FieldIssue(field: "code", message: "is required"))
        }
        guard issues.isEmpty, let email, let code else { throw MarketplaceError.invalid(issues) }

        guard let user = try await users.credentials(forEmail: EmailAddress.normalize(email))?.user,
              let pending = try await codes.pending(for: user.id)
        else { throw AuthError.invalidVerificationCode }
        let now = clock.now()
        if pending.isSpent(at: now) {
            throw AuthError.verificationCodeExpired(voided: pending.failedAttempts >= PendingVerification.maximumFailedAttempts)
        }
        let digest = VerificationCodes.digest(of: code, for: user.id)
        guard VerificationCodes.matches(digest, pending.codeDigest) else {
            try await codes.recordFailedAttempt(for: user.id)
            throw AuthError.invalidVerificationCode
        }
        // Re-checked atomically: wrong tries running alongside may have voided it meanwhile.
        guard try await codes.redeem(for: user.id, codeDigest: digest, now: now) else {
            throw AuthError.verificationCodeExpired(voided: true)
        }
        var verified = user
        verified.emailVerified = true
        return verified
    }

    /// Mails a new code to an unverified, active account; silently does nothing otherwise,
    /// so the answer never tells whether an email is registered.
    public func resendVerification(email: String?) async throws {
        guard let email else { throw MarketplaceError.invalid([FieldIssue(field: "email", message: "is required")]) }
        guard let address = EmailAddress(email) else { throw MarketplaceError.invalid(AccountRules.emailIssues(email)) }
        guard let user = try await users.credentials(forEmail: address.normalized)?.user,
              !user.emailVerified, user.isActive
        else { return }
        await sendCode(to: user, address: address)
    }

    /// What `createAdmin` did.
    public enum AdminCreation: Sendable, Equatable {
        case created(User)
        /// An account already has the email; nothing was changed.
        case exists(User)
    }

    /// Creates a verified ADMIN unless an account already has the email (bootstrap, CLI).
    public func createAdmin(email: String, password: String) async throws -> AdminCreation {
        let account = try NewAccount.administrator(email: email, password: password)
        if let existing = try await users.credentials(forEmail: account.email.normalized) { return .exists(existing.user) }
        let hash = try await hasher.hash(account.password)
        do {
            return .created(try await users.create(account, passwordHash: hash, createdAt: clock.now()))
        } catch let error as MarketplaceError where error == Self.emailTaken {
            guard let existing = try await users.credentials(forEmail: account.email.normalized) else { throw error }
            return .exists(existing.user)
        }
    }

    static let emailTaken = MarketplaceError.conflict(code: "EMAIL_TAKEN", detail: "An account with this email already exists.")

    /// Stores a fresh code (voiding the last one), then mails it. A mail failure is reported,
    /// not thrown: the account exists either way and the user can ask for another code.
    private func sendCode(to user: User, address: EmailAddress) async {
        do {
            let code = try VerificationCodes.generate()
            let now = clock.now()
            let pending = PendingVerification(userID: user.id, codeDigest: VerificationCodes.digest(of: code, for: user.id),
                                              expiresAt: now + PendingVerification.codeLifetime, failedAttempts: 0)
            try await codes.replace(pending, createdAt: now)
            try await mailer.send(VerificationCodes.mail(code: code, to: address, name: user.name))
        } catch {
            mailFailed(error)
        }
    }
}
