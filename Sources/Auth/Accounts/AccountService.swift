public import Marketplace

/// Signup, email verification and admin creation (docs/API.md §2, limits of §12).
public struct AccountService: Sendable {
    let users: any UserRepository
    let codes: any VerificationCodeRepository
    let limits: any RateLimitRepository
    let hasher: any PasswordHasher
    let clock: any WallClock
    let settings: AuthSettings
    /// Told when a verification code and its mail could not be stored; the account stands and `resend` helps.
    let mailFailed: @Sendable (any Error) -> Void

    /// Creates the service over its ports.
    public init(users: any UserRepository, codes: any VerificationCodeRepository, limits: any RateLimitRepository,
                hasher: any PasswordHasher, clock: any WallClock, settings: AuthSettings = AuthSettings(),
                mailFailed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.users = users
        self.codes = codes
        self.limits = limits
        self.hasher = hasher
        self.clock = clock
        self.settings = settings
        self.mailFailed = mailFailed
    }

    /// Creates an unverified CUSTOMER or SELLER account and mails it a code.
    ///
    /// A valid form claims one of `address`'s signups under `settings.signupLimit` before any
    /// work (so a burst from one address creates at most the limit's worth of accounts);
    /// `EMAIL_TAKEN` keeps its slot (it answered a question), a signup that never ran (the
    /// hasher is busy, storage fails) gives it back.
    public func signUp(_ form: SignupForm, from address: ClientAddress) async throws -> User {
        let account = try form.validated()
        let claim = try await claim(.signup(from: address), under: settings.signupLimit)
        do {
            // Spares a hash for the common duplicate; the UNIQUE index still decides races.
            if try await users.credentials(forEmail: account.email.normalized) != nil { throw Self.emailTaken }
            let hash = try await hasher.hash(account.password)
            let user = try await users.create(account, passwordHash: hash, createdAt: clock.now())
            await sendCode(to: user, address: account.email)
            return user
        } catch let error as MarketplaceError where error == Self.emailTaken {
            throw error
        } catch {
            await release(claim)
            throw error
        }
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

        guard let user = try await users.credentials(forEmail: EmailAddress.normalize(email))?.user else {
            throw AuthError.invalidVerificationCode
        }
        // The repository claims a try before it compares, in one transaction: N guesses at
        // once are compared at most as often as the code has tries left; the rest are 410.
        switch try await codes.check(VerificationCodes.digest(of: code, for: user.id), for: user.id, at: clock.now()) {
        case .verified:
            var verified = user
            verified.emailVerified = true
            return verified
        case .wrongCode, .noCode: throw AuthError.invalidVerificationCode
        case .expired: throw AuthError.verificationCodeExpired(voided: false)
        case .voided: throw AuthError.verificationCodeExpired(voided: true)
        }
    }

    /// Mails a new code to an unverified, active account; silently does nothing otherwise,
    /// so the answer never tells whether an email is registered.
    ///
    /// Each request for a valid email claims one of that email's resends under
    /// `settings.resendLimit` first — counted per normalized email whether or not an account
    /// has it, so a 429 tells no more than the 202 — and a burst at once mails at most one
    /// code. The new code inherits the failed tries of the live code it replaces (see
    /// `PendingVerification.replacing`), so resending never resets the tries.
    public func resendVerification(email: String?) async throws {
        guard let email else { throw MarketplaceError.invalid([FieldIssue(field: "email", message: "is required")]) }
        guard let address = EmailAddress(email) else { throw MarketplaceError.invalid(AccountRules.emailIssues(email)) }
        let claim = try await claim(.resendVerification(to: address.normalized), under: settings.resendLimit)
        do {
            guard let user = try await users.credentials(forEmail: address.normalized)?.user,
                  !user.emailVerified, user.isActive
            else { return }
            await sendCode(to: user, address: address)
        } catch {
            await release(claim)
            throw error
        }
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

    /// Stores a fresh code (replacing the last one, whose live tries it inherits) and queues
    /// its mail in the same transaction. A failure is reported, not thrown: the account exists
    /// either way and the user can ask for another code.
    private func sendCode(to user: User, address: EmailAddress) async {
        do {
            let code = try VerificationCodes.generate()
            let now = clock.now()
            let fresh = PendingVerification(userID: user.id, codeDigest: VerificationCodes.digest(of: code, for: user.id),
                                            expiresAt: now + PendingVerification.codeLifetime, failedAttempts: 0)
            let name = user.name
            _ = try await codes.issue(fresh, at: now) { stored, locale in
                VerificationCodes.mail(code: code, to: address, name: name, tries: stored.triesLeft, locale: locale)
            }
        } catch {
            mailFailed(error)
        }
    }

    /// Claims a slot under `limit` or throws `rateLimited` with the seconds until one frees.
    private func claim(_ key: RateLimitKey, under limit: RateLimit) async throws -> AttemptID {
        let now = clock.now()
        switch try await limits.claim(key, limit: limit, at: now) {
        case .claimed(let id): return id
        case .refused(let until):
            throw AuthError.rateLimited(key.scope, retryAfterSeconds: SlidingWindow.retryAfterSeconds(until: until, now: now))
        }
    }

    /// Gives back a slot whose work never ran, from a fresh task (the database refuses work
    /// from a cancelled one).
    private func release(_ claim: AttemptID) async {
        let limits = self.limits
        await Task { try? await limits.release(claim) }.value
    }
}
