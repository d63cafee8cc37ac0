import Auth
import Marketplace
import HTTPServer

/// The `Idempotency-Key` middleware (docs/API.md §1), run after authentication on routes added
/// with `idempotent: true`; keys belong to the authenticated account.
///
/// - No header: the handler runs as usual and nothing is recorded. A malformed key (not
///   1–255 visible ASCII, or the header repeated) → 400 `INVALID_REQUEST` naming the header.
/// - The store's claim is atomic: one request per (account, key) runs. Meanwhile the same
///   request → 409 `IDEMPOTENCY_IN_PROGRESS`; afterwards → the stored answer again, with
///   `Idempotent-Replayed: true`. Another request under the key (method, path or body
///   differ: the SHA-256 fingerprint) → 422 `IDEMPOTENCY_KEY_REUSED`, even while the first
///   still runs: that answer does not depend on timing.
/// - Stored: every definite answer, 2xx–4xx, including problems the handler threw
///   (validation, conflicts, a declined payment) — a retry would meet the same outcome.
///   Not stored, and the key released so that a retry runs again: 5xx, thrown internal
///   errors, cancellation, 408, 429 and the transient 409s (`transientCodes`).
/// - While the handler runs, its lease (`locked_until`) is renewed every `lease / 3`; a
///   server that dies mid-request stops renewing, and `lease` seconds later a retry may claim
///   the key again. The wrapped routes tolerate such a re-run, their effects being guarded
///   by state (an order that is already paid or canceled is not paid or canceled twice).
/// - Records are kept `retention` seconds (24 h) from their first claim; an older one is
///   never replayed, even before the store deletes it.
struct IdempotencyGuard: Sendable {
    let store: any IdempotencyStore
    let clock: any WallClock
    let logger: Logger
    /// Seconds a claim stays locked without renewal.
    var lease: Double = 30
    /// Seconds a key is kept (docs/API.md §1: 24 h).
    var retention: Double = 86_400
    /// Keys the stored fingerprint (a keyed hash of `fingerprint`), so the table reveals nothing
    /// of a body: a card pay request's body holds the card, and a bare SHA-256 of it could be
    /// brute-forced offline. nil: the bare SHA-256.
    var keyed: (@Sendable (String) -> String)?

    static let header = "Idempotency-Key"
    static let replayedHeader = "Idempotent-Replayed"
    /// The response headers a replay repeats; never `Set-Cookie`, dates or request ids.
    static let replayedFields = ["Content-Type", "Location"]
    /// Problem codes that report a race, not an outcome: a retry may well succeed.
    static let transientCodes: Set<String> = ["IDEMPOTENCY_IN_PROGRESS", "CONCURRENT_REQUEST"]

    func run(_ request: Request, _ principal: Principal, _ handler: AuthenticatedHandler) async throws -> Response {
        let values = request.headers.values(Self.header)
        if values.isEmpty { return try await handler(request, principal) }
        guard values.count == 1, let key = IdempotencyKey(rawValue: values[0]) else { throw HTTPError.invalidIdempotencyKey }
        let fingerprint = keyed.map { $0(Self.fingerprint(request)) } ?? Self.fingerprint(request)
        let claim = try await store.claim(account: principal.userID, key: key, fingerprint: fingerprint,
                                          now: clock.now(), lease: lease, retention: retention)
        switch claim {
        case .replay(let stored): return Self.replay(stored)
        case .inProgress: throw HTTPError.idempotencyInProgress
        case .fingerprintMismatch: throw HTTPError.idempotencyKeyReused
        case .claimed(let claimed): return try await runClaimed(request, principal, handler, claimed)
        }
    }

    private func runClaimed(_ request: Request, _ principal: Principal, _ handler: AuthenticatedHandler,
                            _ claimed: IdempotencyLease) async throws -> Response {
        // A child task keeps the claim locked while the handler runs; as a child it stays on
        // the request's event loop (no hop to the global pool) and ends with the handler.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await keepLocked(claimed) }
            defer { group.cancelAll() }
            let response: Response
            do {
                response = try await handler(request, principal)
            } catch {
                let problem = ProblemMapper.problem(for: error, requestID: request.requestID)
                let definite = Self.isDefinite(status: problem.status, code: problem.code) && !(error is CancellationError)
                await settle(claimed, definite ? problem.response() : nil, requestID: request.requestID)
                throw error
            }
            let definite = Self.isDefinite(status: response.status, code: nil) && response.file == nil
            await settle(claimed, definite ? response : nil, requestID: request.requestID)
            return response
        }
    }

    /// Renews the lease every `lease / 3` seconds until cancelled.
    private func keepLocked(_ claimed: IdempotencyLease) async {
        while true {
            do { try await Task.sleep(for: .seconds(lease / 3)) } catch { return }
            _ = try? await store.renew(claimed, until: clock.now() + lease)
        }
    }

    /// Completes the record with `response`, or releases it when nil.
    private func settle(_ claimed: IdempotencyLease, _ response: Response?, requestID: String) async {
        let stored = response.map(Self.stored)
        // The engine never cancels a handler's task, but the database refuses work from a
        // cancelled one: should that change, settle from a fresh task rather than leave the key locked.
        let failure = Task.isCancelled ? await Task { await write(claimed, stored) }.value : await write(claimed, stored)
        if let failure {
            logger.log(.error, "idempotency record not settled", requestID: requestID, [("error", .string(failure))])
        }
    }

    /// nil when written, else why not.
    private func write(_ claimed: IdempotencyLease, _ stored: StoredResponse?) async -> String? {
        do {
            if let stored { return try await store.complete(claimed, response: stored, now: clock.now()) ? nil : "lease lost" }
            try await store.release(claimed)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// 2xx–4xx, except those that report a race or a timeout rather than an outcome.
    static func isDefinite(status: Int, code: String?) -> Bool {
        guard (200..<500).contains(status), status != 408, status != 429 else { return false }
        return code.map { !transientCodes.contains($0) } ?? true
    }

    /// SHA-256 over method, target and body; the line break cannot occur in the first two.
    static func fingerprint(_ request: Request) -> String {
        var target = request.method.rawValue + " " + request.path
        if let query = request.head.query { target += "?" + query }
        target += "\n"
        return SHA256.hex([Array(target.utf8), request.body])
    }

    static func stored(_ response: Response) -> StoredResponse {
        let fields = replayedFields.flatMap { name in
            response.headers.values(name).map { StoredResponse.Field(name: name, value: $0) }
        }
        return StoredResponse(status: response.status, headers: fields, body: response.body)
    }

    static func replay(_ stored: StoredResponse) -> Response {
        var response = Response(status: stored.status, headers: HTTPHeaders(stored.headers.map { ($0.name, $0.value) }),
                                body: stored.body)
        response.headers.add(replayedHeader, "true")
        return response
    }
}

extension HTTPError {
    static let invalidIdempotencyKey = HTTPError(problem: Problem(
        status: 400, code: "INVALID_REQUEST", detail: "Header 'Idempotency-Key' must be 1–255 visible ASCII characters, sent once.",
        errors: [.init(field: IdempotencyGuard.header, message: "1–255 visible ASCII characters (0x21–0x7E), sent once")]))

    static let idempotencyInProgress = HTTPError(problem: Problem(
        status: 409, code: "IDEMPOTENCY_IN_PROGRESS",
        detail: "A request with this Idempotency-Key is still being processed; retry after it finishes.",
        headers: [("Retry-After", "1")]))

    static let idempotencyKeyReused = HTTPError(problem: Problem(
        status: 422, code: "IDEMPOTENCY_KEY_REUSED",
        detail: "This Idempotency-Key was already used for a different request (method, path or body)."))
}
