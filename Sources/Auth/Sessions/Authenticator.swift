public import Marketplace

/// Turns a presented bearer token into the `Principal` it stands for.
public struct Authenticator: Sendable {
    let sessions: any SessionRepository
    let clock: any WallClock

    /// Creates an authenticator over the session store.
    public init(sessions: any SessionRepository, clock: any WallClock) {
        self.sessions = sessions
        self.clock = clock
    }

    /// The principal for `token`, or nil when the token is malformed, unknown, expired,
    /// revoked, or its account is suspended (checked on every request, so a suspension
    /// takes effect at once).
    public func principal(forToken token: String) async throws -> Principal? {
        guard SessionToken.isWellFormed(token) else { return nil }
        guard let session = try await sessions.active(tokenHash: SessionToken.digest(of: token), now: clock.now()),
              session.status == .active
        else { return nil }
        return Principal(userID: session.userID, role: session.role, sessionID: session.id)
    }
}
