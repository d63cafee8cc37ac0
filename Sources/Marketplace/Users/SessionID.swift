/// One login session's id (a row of the session store), never the token itself.
public struct SessionID: RawRepresentable, Hashable, Sendable {
    /// The integer id.
    public let rawValue: Int64

    /// Wraps an integer id.
    public init(rawValue: Int64) { self.rawValue = rawValue }
}
