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

/// Login (with throttling) and logout (docs/API.md §2).
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
    /// The attempt claims a slot under `settings.throttle` BEFORE the password is checked
    /// (one write transaction counts the email's attempts and records this one), so N guesses
    /// sent at once get at most the limit's worth of checks; the rest, and any attempt while
    /// the email is locked for `address` (the right password too), are `tooManyAttempts`. A
    /// wrong password keeps its slot as a failure; a right one gives it back and forgets this
    /// address's failures for the email; an attempt never checked (the hasher is busy, storage
    /// fails) gives it back. An unknown email costs one bcrypt comparison against `decoyHash`
    /// and one failure, exactly like a wrong password, and both end in `invalidCredentials`.
    /// Suspension and verification are told only to someone who knows the password.
    public func logIn(email: String?, password: String?, from address: ClientAddress) async throws -> LoginResult {
        var issues: [FieldIssue] = []
        if email == nil { issues.append(FieldIssue(field: "email", message: "is required")) }
        if password == nil { issues.append(FieldIssue(field: "password", message: "is required")) }
        guard issues.isEmpty, let email, let password else { throw MarketplaceError.invalid(issues) }

        guard let emailAddress = EmailAddress(email) else {
            // No account can have this email and nothing is stored for it (an attacker cannot
            // fill the attempt table with megabyte "emails"); the decoy keeps the time the same.
            _ = try await hasher.verify("decoy password", against: decoyHash)
            throw AuthError.invalidCredentials
        }
        let key = emailAddress.normalized
        let started = clock.now()
        let attempt: AttemptID
        switch try await attempts.claim(email: key, from: address, at: started, policy: settings.throttle) {
        case .claimed(let id): attempt = id
        case .refused(let until):
            throw AuthError.tooManyAttempts(retryAfterSeconds: SlidingWindow.retryAfterSeconds(until: until, now: started))
        }

        let user: User
        do {
            user = try await check(password, of: key)
        } catch AuthError.invalidCredentials {
            try await attempts.recordFailure(attempt)
            throw AuthError.invalidCredentials
        } catch {
            await release(attempt)
            throw error
        }
        try await attempts.recordSuccess(attempt)

        guard user.isActive else { throw AuthError.accountSuspended }
        if settings.requireEmailVerification && !user.emailVerified { throw AuthError.emailNotVerified }
        let token = try SessionToken.generate()
        let now = clock.now()
        let expiresAt = now + settings.tokenLifetime
        _ = try await sessions.create(userID: user.id, tokenHash: token.digest, createdAt: now, expiresAt: expiresAt)
        return LoginResult(token: token, expiresAt: expiresAt, user: user)
    }

    /// The account whose password `password` is, or `invalidCredentials` after one bcrypt
    /// comparison whatever the reason (unknown email, wrong password, unusable password).
    private func check(_ password: String, of email: String) async throws -> User {
        let credentials = try await users.credentials(forEmail: email)
        // A password we would never have accepted (NUL, over 72 bytes) is not handed to
        // crypt; the decoy keeps the time the same.
        let usable = AccountRules.isAcceptablePassword(password)
        let checked = try await hasher.verify(usable ? password : "decoy password", against: credentials?.passwordHash ?? decoyHash)
        guard checked, usable, let user = credentials?.user else { throw AuthError.invalidCredentials }
        return user
    }

    /// Gives back the slot of an attempt that was never checked. The engine does not cancel
    /// handlers, but the database refuses work from a cancelled task: release from a fresh one.
    private func release(_ attempt: AttemptID) async {
        let attempts = self.attempts
        await Task { try? await attempts.release(attempt) }.value
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

    /// `PATCH /me`: the caller's name, phone and mail language (validated by `ProfileUpdate`).
    public func updateProfile(_ update: ProfileUpdate, of principal: Principal) async throws -> User {
        guard let user = try await users.updateProfile(update, of: principal.userID) else { throw AuthError.unauthenticated }
        return user
    }
}
