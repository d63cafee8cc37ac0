import Dispatch
public import Marketplace

/// Where and how `SMTPTransport` connects (`mail.smtp.*`, docs/API.md §10).
public struct SMTPSettings: Sendable {
    public enum Security: String, Sendable {
        case startTLS = "starttls"
        case tls
        case none
    }

    public let host: String
    public let port: Int
    public let security: Security
    public let username: String?
    public let password: String?
    /// Seconds for each step.
    public let timeout: Int64
    /// The EHLO name: the sender address's domain.
    public let heloName: String

    public init(host: String, port: Int, security: Security, username: String?, password: String?, timeout: Int,
                heloName: String) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.timeout = Int64(timeout)
        self.heloName = heloName.isEmpty ? "localhost" : heloName
    }
}

/// `mail.transport: smtp`: a batch goes over ONE connection (opened per batch, closed with
/// QUIT), each message its own transaction. Certificates and host names are always verified
/// (`TLSContext`, `mail.smtp.caFile`). Outcomes: 2xx sent; 4xx, a timeout or a broken
/// connection transient (retried by the queue); 5xx permanent. A failure before any
/// transaction (connect, TLS, EHLO, AUTH) is every message's outcome.
public final class SMTPTransport: MailTransport {
    let settings: SMTPSettings
    let tls: TLSContext
    /// Blocking socket work runs here, never on an event loop or the cooperative pool.
    private let queue = DispatchQueue(label: "gateways.smtp")

    public init(settings: SMTPSettings, caFile: String?) throws {
        self.settings = settings
        self.tls = try TLSContext(caFile: caFile)
    }

    public func deliver(_ batch: [OutgoingMail]) async -> [MailSendResult] {
        guard !batch.isEmpty else { return [] }
        let settings = self.settings, tls = self.tls
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Self.deliverNow(batch, settings: settings, tls: tls)) }
        }
    }

    static func deliverNow(_ batch: [OutgoingMail], settings: SMTPSettings, tls: TLSContext) -> [MailSendResult] {
        let session: SMTPSession
        do {
            session = try SMTPSession.open(settings, tls: tls)
        } catch {
            let result = (error as? SMTPFailure)?.result ?? .transient("SMTP: \(error)")
            return batch.map { _ in result }
        }
        var results: [MailSendResult] = []
        for (index, mail) in batch.enumerated() {
            do {
                try session.send(mail)
                results.append(.sent)
            } catch let failure as SMTPFailure {
                results.append(failure.result)
                if case .connection = failure {
                    // The connection is gone: the rest wait for the next attempt.
                    results += batch[(index + 1)...].map { _ in MailSendResult.transient("SMTP: not attempted, the connection broke") }
                    session.close()
                    return results
                }
            } catch {
                results.append(.transient("SMTP: \(error)"))
            }
        }
        session.quit()
        return results
    }
}
