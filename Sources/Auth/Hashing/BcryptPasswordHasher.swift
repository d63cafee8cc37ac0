public import Marketplace

/// bcrypt (`$2b$`) from libxcrypt, on a bounded pool of its own threads.
///
/// One hash at cost 12 takes a core for ~0.2 s, so hashing on an event loop would stall
/// every connection of that loop, and on the cooperative pool would starve other tasks.
/// With `workers` threads the throughput ceiling is `workers / hash time`; beyond
/// `queueLimit` waiting jobs callers get `MarketplaceError.unavailable` (503 + Retry-After).
public final class BcryptPasswordHasher: PasswordHasher {
    /// bcrypt's work factor, 4–31 (each step doubles the time).
    public let cost: Int
    /// A hash of a random password at `cost`: compared against when an email is unknown, so
    /// that such a login takes as long as a wrong password (no account enumeration by timing).
    public let decoyHash: String
    private let pool: HashWorkerPool

    /// Starts `workers` threads; computes `decoyHash` on the calling thread (one hash).
    public init(cost: Int, workers: Int, queueLimit: Int) throws {
        precondition((4...31).contains(cost), "bcrypt cost must be 4–31")
        self.cost = cost
        decoyHash = try LibXCrypt.crypt(Base64.encodeURL(try LibCrypto.randomBytes(24)),
                                        setting: LibXCrypt.bcryptSetting(cost: cost, salt: try LibCrypto.randomBytes(16)))
        pool = HashWorkerPool(threads: max(1, workers), queueLimit: max(0, queueLimit))
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await run {
            try LibXCrypt.crypt(password, setting: LibXCrypt.bcryptSetting(cost: cost, salt: try LibCrypto.randomBytes(16)))
        }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        guard hash.hasPrefix("$2"), !password.utf8.contains(0) else { return false }
        return try await run {
            let computed = try LibXCrypt.crypt(password, setting: hash)
            return LibCrypto.constantTimeEquals(Array(computed.utf8), Array(hash.utf8))
        }
    }

    /// Hashes waiting for a thread.
    public var waiting: Int { pool.waiting }

    /// Finishes queued hashes, then ends the threads; later calls fail as "busy".
    public func shutdown() { pool.stop() }

    private func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = pool.submit { continuation.resume(with: Result(catching: work)) }
            if !accepted {
                continuation.resume(throwing: MarketplaceError.unavailable(
                    detail: "Too many sign-ins are being checked right now; try again shortly.", retryAfterSeconds: 1))
            }
        }
    }
}
