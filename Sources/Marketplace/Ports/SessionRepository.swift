/// A session that may still be used: not revoked, not expired, with its account's role
/// and status as they are now (a suspension takes effect on the next request).
public struct ActiveSession: Sendable, Equatable {
    /// The session.
    public let id: SessionID
    /// Its account.
    public let userID: UserID
    /// The account's role now.
    public let role: Role
    /// The account's status now.
    public let status: UserStatus
    /// When the token stops working.
    public let expiresAt: Double

    /// Creates an active session value.
    public init(id: SessionID, userID: UserID, role: Role, status: UserStatus, expiresAt: Double) {
        self.id = id
        self.userID = userID
        self.role = role
        self.status = status
        self.expiresAt = expiresAt
    }
}

/// Where login sessions live. Tokens are never stored: only their SHA-256 (hex).
public protocol SessionRepository: Sendable {
    /// Records a session for `userID` under `tokenHash`.
    func create(userID: UserID, tokenHash: String, createdAt: Double, expiresAt: Double) async throws -> SessionID

    /// The session for `tokenHash` when it is neither revoked nor expired at `now`.
    func active(tokenHash: String, now: Double) async throws -> ActiveSession?

    /// Ends one session (logout).
    func revoke(_ id: SessionID, at time: Double) async throws

    /// Ends every session of an account (suspension).
    func revokeAll(of userID: UserID, at time: Double) async throws
}
