/// The answer stored for a completed idempotent request, replayed on a retry.
public struct StoredResponse: Sendable, Equatable {
    /// A header worth replaying (`Content-Type`, `Location`), as it was sent.
    public struct Field: Sendable, Equatable {
        /// The field's name.
        public let name: String
        /// The field's value.
        public let value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP status.
    public let status: Int
    /// The headers replayed with it.
    public let headers: [Field]
    /// The body bytes.
    public let body: [UInt8]

    /// Creates a stored response.
    public init(status: Int, headers: [Field], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The right to run a request under a key, won by `IdempotencyStore.claim`: the attempt
/// number tells this run apart from a later one that reclaimed the key after the lease
/// ran out, so that a late finisher cannot overwrite (or release) the newer run's record.
public struct IdempotencyLease: Sendable, Equatable {
    /// The account the key belongs to.
    public let account: UserID
    /// The key.
    public let key: IdempotencyKey
    /// 1 for the first run, +1 for every reclaim after a lease expired.
    public let attempt: Int64

    /// Creates a lease value.
    public init(account: UserID, key: IdempotencyKey, attempt: Int64) {
        self.account = account
        self.key = key
        self.attempt = attempt
    }
}

/// What `IdempotencyStore.claim` found.
public enum IdempotencyClaim: Sendable, Equatable {
    /// The caller runs the request, then calls `complete` or `release` with this lease.
    case claimed(IdempotencyLease)
    /// The key's request already finished with this answer (same fingerprint): replay it.
    case replay(StoredResponse)
    /// The key's request is still running (same fingerprint, lease not expired).
    case inProgress
    /// The key was used for another request (fingerprint differs).
    case fingerprintMismatch
}
