import Marketplace
import MarketplaceFakes
import Synchronization

/// Pending codes in a dictionary, with the same guarded updates as the SQL adapter.
final class InMemoryVerificationCodeRepository: VerificationCodeRepository {
    private let state = Mutex<[UserID: PendingVerification]>([:])
    let users: InMemoryUserRepository
    init(users: InMemoryUserRepository) { self.users = users }

    func replace(_ pending: PendingVerification, createdAt: Double) async throws {
        state.withLock { $0[pending.userID] = pending }
    }

    func pending(for userID: UserID) async throws -> PendingVerification? {
        state.withLock { $0[userID] }
    }

    func recordFailedAttempt(for userID: UserID) async throws {
        state.withLock { rows in
            guard let row = rows[userID], row.failedAttempts < PendingVerification.maximumFailedAttempts else { return }
            rows[userID] = PendingVerification(userID: userID, codeDigest: row.codeDigest, expiresAt: row.expiresAt,
                                               failedAttempts: row.failedAttempts + 1)
        }
    }

    func redeem(for userID: UserID, codeDigest: String, now: Double) async throws -> Bool {
        let redeemed = state.withLock { rows -> Bool in
            guard let row = rows[userID], row.codeDigest == codeDigest, !row.isSpent(at: now) else { return false }
            rows[userID] = nil
            return true
        }
        if redeemed { users.markVerified(userID) }
        return redeemed
    }
}
