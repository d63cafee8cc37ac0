public import Marketplace

/// A successful login: the token is shown to the client once and never stored.
public struct LoginResult: Sendable {
    /// The bearer token, to hand to the client.
    public let token: SessionToken
    /// When the token stops working (seconds since the Unix epoch).
    public let expiresAt: Double
    /// The account that logged in.
    public let user: User
}

/// Login (with throttling) and logout (API.md §2).
public struct SessionService: Sendable {
    let users: any UserRepository
    let sessions: any SessionRepository
    let attempts: any LoginAttemptRepository
    let hasher: any PasswordHasher
    let clock: any WallClock
    let settings: AuthSettings
    /// A bcrypt hash at the configured cost, checked when the email is unknown.
    let decoyHash: String

    /// Creates the service over its ports.
    public init(users: any UserRepository, sessions: any SessionRepository, attempts: any LoginAttemptRepository,
                hasher: any PasswordHasher, clock: any WallClock, settings: AuthSettings, decoyHash: String) {
        self.users = users
        self.sessions = sessions
        self.attempts = attempts
        self.hasher = hasher
        self.clock = clock
        self.settings = settings
        self.decoyHash = decoyHash
    }

    /// Checks the password and opens a session.
    ///
    /// Refused with `tooManyAttempts` while the email has `settings.throttle.maximumFailures`
    /// failures inside the window, whatever the password. An unknown email costs one bcrypt
    /// comparison against `decoyHash` and one recorded failure, exactly like a wrong
    /// password, and both end in `invalidCredentials`. Suspension and verification are told
    /// only to someone who knows the password.
    public func logIn(email: String?, password: String?) async throws -> LoginResult {
        var issues: [FieldIssue] = []
        if email == nil { issues.append(FieldIssue(field: "email", message: "is required")) }
        if password == nil { issues.append(FieldIssue(field: "password", message: "is required")) }
        guard issues.isEmpty, let email, let password else { throw MarketplaceError.invalid(issues) }

        guard let address = EmailAddress(email) else {
            // No account can have this email and nothing is stored for it (an attacker cannot
            // fill the failure table with megabyte "emails"); the decoy keeps the time the same.
            _ = try await hasher.verify("decoy password", against: decoyHash)
            throw AuthError.invalidCredentials
        }
        let key = address.normalized
        let policy = settings.throttle
        let started = clock.now()
        let failures = try await attempts.recentFailures(email: key, since: started - policy.window, limit: policy.maximumFailures)
        if let until = policy.lockedUntil(failures: failures, now: started) {
            throw AuthError.tooManyAttempts(retryAfterSeconds: max(1, Int((until - started).rounded(.up))))
        }

        let credentials = try await users.credentials(forEmail: key)
        // A password we would never have accepted (NUL, over 72 bytes) is not handed to
        // crypt; the decoy keeps the time the same.
        let usable = AccountRules.isAcceptablePassword(password)
        let checked = try await hasher.verify(usable ? password : "decoy password", against: credentials?.passwordHash ?? decoyHash)
        guard checked, usable, let user = credentials?.user else {
            let now = clock.now()
            try await attempts.recordFailure(email: key, at: now, forgetBefore: now - policy.window)
            throw AuthError.invalidCredentials
        }
        if !failures.isEmpty { try await attempts.clear(email: key) }

        guard user.isActive else { throw AuthError.accountSuspended }
        if settings.requireEmailVerification && !user.emailVerified { throw AuthError.emailNotVerified }
        let token = try SessionToken.generate()
        let now = clock.now()
        let expiresAt = now + settings.tokenLifetime
        _ = try await sessions.create(userID: user.id, tokenHash: token.digest, createdAt: now, expiresAt: expiresAt)
        return LoginResult(token: token, expiresAt: expiresAt, user: user)
    }

    /// Revokes the session the principal acts through.
    public func logOut(_ principal: Principal) async throws {
        guard let session = principal.sessionID else { return }
        try await sessions.revoke(session, at: clock.now())
    }

    /// The principal's account, as it is now.
    public func currentUser(_ principal: Principal) async throws -> User {
        guard let user = try await users.find(principal.userID) else { throw AuthError.unauthenticated }
        return user
    }
}
