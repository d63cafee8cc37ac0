/// A plain-text mail to one recipient.
public struct MailMessage: Sendable, Equatable {
    /// The one recipient.
    public let to: EmailAddress
    /// One line, ASCII, so it needs no RFC 2047 encoding.
    public let subject: String
    /// Plain text; lines end in `\n`.
    public let body: String

    /// Creates a message.
    public init(to: EmailAddress, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Sends mail: the default adapter writes `.eml` files into an outbox directory.
public protocol Mailer: Sendable {
    /// Hands the message over for delivery; returns once it is durably queued.
    func send(_ message: MailMessage) async throws
}
