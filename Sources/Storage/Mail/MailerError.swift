/// A file-system call of the outbox failed.
public struct MailerError: Error, Sendable, CustomStringConvertible {
    /// The call that failed.
    public let call: String
    /// The path it was given.
    public let path: String
    /// Its `errno`.
    public let code: Int32

    /// A one-line summary.
    public var description: String { "\(call)(\(path)) failed: errno \(code)" }
}
