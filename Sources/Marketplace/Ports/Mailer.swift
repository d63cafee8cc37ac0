/// The languages mail is written in (docs/API.md §10): Korean by default, or English.
public enum MailLocale: String, Sendable, CaseIterable {
    case ko
    case en
}

/// A mail to one recipient: a plain-text part and, usually, an HTML alternative.
public struct MailMessage: Sendable, Equatable {
    /// The one recipient.
    public let to: EmailAddress
    /// One line of UTF-8 (RFC 2047-encoded when rendered).
    public let subject: String
    /// Plain text; lines end in `\n`.
    public let body: String
    /// The HTML alternative, if any (`multipart/alternative` with `body`).
    public let html: String?
    /// What the mail is about (`verification`, `order.paid`, `seller.order.paid`, …).
    public let kind: String
    /// The language it is written in.
    public let locale: MailLocale

    /// Creates a message.
    public init(to: EmailAddress, subject: String, body: String, html: String? = nil, kind: String = "generic",
                locale: MailLocale = .ko) {
        self.to = to
        self.subject = subject
        self.body = body
        self.html = html
        self.kind = kind
        self.locale = locale
    }
}

/// Sends mail directly (tests' recorders; the queue's transports take `OutgoingMail`).
public protocol Mailer: Sendable {
    /// Hands the message over for delivery; returns once it is durably queued.
    func send(_ message: MailMessage) async throws
}

/// One rendered message as a transport sends it: the envelope and the RFC 5322 bytes.
public struct OutgoingMail: Sendable {
    /// The queue id (also in `Message-ID`).
    public let id: String
    /// The envelope sender (`MAIL FROM`), a bare address.
    public let from: String
    /// The envelope recipient (`RCPT TO`), a bare address.
    public let to: String
    /// The whole message, CRLF line ends.
    public let bytes: [UInt8]

    public init(id: String, from: String, to: String, bytes: [UInt8]) {
        self.id = id
        self.from = from
        self.to = to
        self.bytes = bytes
    }
}

/// What sending one mail came to.
public enum MailSendResult: Sendable, Equatable {
    case sent
    /// A connection failure, a timeout or a 4xx reply: retried on `mail.retrySchedule`.
    case transient(String)
    /// A 5xx reply: FAILED at once.
    case permanent(String)
}

/// Delivers rendered mail: the `.eml` outbox (`FileMailer`) or an SMTP relay (`SMTPTransport`).
public protocol MailTransport: Sendable {
    /// Sends `batch` (over one connection where the transport has them) and answers one
    /// result per message, in order.
    func deliver(_ batch: [OutgoingMail]) async -> [MailSendResult]
}
