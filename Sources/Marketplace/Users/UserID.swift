/// A user account's id: the integer the API shows (`/admin/users/{id}`).
public struct UserID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The integer id.
    public let rawValue: Int64

    /// Wraps an integer id.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// The id as the API prints it.
    public var description: String { String(rawValue) }
}
