/// Where `Idempotency-Key` records live (docs/API.md §1): one per (account, key), claimed
/// atomically, so that among concurrent requests — on one server or several sharing the
/// database — exactly one runs, and the others see it in flight or replay its answer.
///
/// Times are Unix seconds; the caller passes `now` (its clock), so tests can move time.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` for `account` and a request whose fingerprint is `fingerprint` (hex SHA-256).
    ///
    /// Atomically: no record, or one created at or before `now - retention` → a new in-flight
    /// record (`claimed`, attempt 1). A record with another fingerprint → `fingerprintMismatch`,
    /// whatever its state. Completed → `replay`. In flight with `lockedUntil > now` →
    /// `inProgress`; with an expired lease (its server died mid-request) → reclaimed, attempt + 1.
    /// A new or reclaimed record is locked until `now + lease`.
    func claim(account: UserID, key: IdempotencyKey, fingerprint: String, now: Double, lease: Double,
               retention: Double) async throws -> IdempotencyClaim

    /// Pushes the in-flight lease to `until` while the request still runs; false when the
    /// lease is no longer this attempt's.
    @discardableResult
    func renew(_ lease: IdempotencyLease, until: Double) async throws -> Bool

    /// Stores the answer and marks the record completed; false (nothing written) when the
    /// lease is no longer this attempt's.
    @discardableResult
    func complete(_ lease: IdempotencyLease, response: StoredResponse, now: Double) async throws -> Bool

    /// Forgets an in-flight record, so that a retry runs again (the request failed without
    /// a definite answer); nothing happens when the lease is no longer this attempt's.
    func release(_ lease: IdempotencyLease) async throws

    /// Deletes at most `limit` records created at or before `cutoff`; returns how many.
    @discardableResult
    func purge(createdAtOrBefore cutoff: Double, limit: Int) async throws -> Int
}
