import Marketplace
import Storage

extension VerificationCodeStore {
    /// `issue` with a placeholder mail, for tests about the codes themselves.
    func issue(_ fresh: PendingVerification, at time: Double) async throws -> PendingVerification {
        try await issue(fresh, at: time) { stored, locale in
            MailMessage(to: EmailAddress("code@example.com")!, subject: "code", body: "tries \(stored.triesLeft)",
                        kind: "verification", locale: locale)
        }
    }
}
