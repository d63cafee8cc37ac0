import Marketplace
import MarketplaceFakes
import Synchronization

/// Pending codes in a dictionary, with the same guarded steps as the SQL adapter, each under one lock.
final class InMemoryVerificationCodeRepository: VerificationCodeRepository {
    private let state = Mutex<[UserID: PendingVerification]>([:])
    let users: InMemoryUserRepository
    /// Where issued codes' mails go (the SQL adapter queues them in the code's transaction).
    let mailer: RecordingMailer
    /// The fake accounts' mail language.
    let locale: MailLocale
    init(users: InMemoryUserRepository, mailer: RecordingMailer, locale: MailLocale = .en) {
        self.users = users
        self.mailer = mailer
        self.locale = locale
    }

    func issue(_ fresh: PendingVerification, at time: Double,
               mail: @escaping @Sendable (PendingVerification, MailLocale) -> MailMessage) async throws -> PendingVerification {
        let stored = state.withLock { rows in
            let stored = fresh.replacing(rows[fresh.userID], at: time)
            rows[fresh.userID] = stored
            return stored
        }
        try await mailer.send(mail(stored, locale))
        return stored
    }

    func pending(for userID: UserID) async throws -> PendingVerification? {
        state.withLock { $0[userID] }
    }

    func check(_ codeDigest: String, for userID: UserID, at time: Double) async throws -> VerificationCheck {
        let result = state.withLock { rows -> VerificationCheck in
            guard let row = rows[userID] else { return .noCode }
            if row.isVoid { return .voided }
            if time >= row.expiresAt { return .expired }
            guard row.codeDigest == codeDigest else {
                rows[userID] = PendingVerification(userID: userID, codeDigest: row.codeDigest, expiresAt: row.expiresAt,
                                                   failedAttempts: row.failedAttempts + 1)
                return .wrongCode
            }
            rows[userID] = nil
            return .verified
        }
        if result == .verified { users.markVerified(userID) }
        return result
    }

    /// Sets the code's failed tries, as if wrong codes had been entered.
    func setFailedAttempts(_ count: Int, for userID: UserID) {
        state.withLock { rows in
            guard let row = rows[userID] else { return }
            rows[userID] = PendingVerification(userID: userID, codeDigest: row.codeDigest, expiresAt: row.expiresAt, failedAttempts: count)
        }
    }
}
