import Marketplace
import MarketplaceFakes
import Synchronization

/// Keeps every message instead of sending it.
final class RecordingMailer: Mailer {
    private let messages = Mutex<[MailMessage]>([])

    var sent: [MailMessage] { messages.withLock { $0 } }

    func send(_ message: MailMessage) async throws {
        messages.withLock { $0.append(message) }
    }

    /// The six digits of the last message's body.
    var lastCode: String? {
        guard let body = sent.last?.body, let range = body.firstRange(of: "code is ") else { return nil }
        return String(body[range.upperBound...].prefix(6))
    }
}
