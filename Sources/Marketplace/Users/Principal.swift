/// Who acts: the authenticated account, its role, and the session it acts through.
///
/// Handlers receive it from the authentication middleware and pass it to services, which
/// scope every query by `userID` (another account's resource is "not found").
public struct Principal: Sendable, Equatable {
    /// The acting account.
    public let userID: UserID
    /// Its role, as of this request.
    public let role: Role
    /// The session whose token authenticated the request; nil for operator actions.
    public let sessionID: SessionID?

    /// Creates a principal.
    public init(userID: UserID, role: Role, sessionID: SessionID? = nil) {
        self.userID = userID
        self.role = role
        self.sessionID = sessionID
    }

    /// Whether this principal holds `role`.
    public func has(_ role: Role) -> Bool { self.role == role }
}
