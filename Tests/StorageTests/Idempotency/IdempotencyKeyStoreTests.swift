import Marketplace
import Storage
import Testing

@Suite struct IdempotencyKeyStoreTests {
    let fixture: AccountStoreFixture
    let store: IdempotencyKeyStore
    init() throws {
        fixture = try AccountStoreFixture()
        store = IdempotencyKeyStore(database: fixture.database)
    }

    static let key = IdempotencyKey(rawValue: "order-2026-12-02-0001")!
    static let first = String(repeating: "a", count: 64)
    static let second = String(repeating: "b", count: 64)
    static let lease = 30.0, day = 86_400.0, t0 = 1_800_000_000.0
    static let created = StoredResponse(
        status: 201, headers: [.init(name: "Content-Type", value: "application/json"), .init(name: "Location", value: "/x/1")],
        body: Array(#"{"id":1}"#.utf8))

    func claim(_ account: UserID, _ key: IdempotencyKey = key, fingerprint: String = first, at now: Double = t0) async throws -> IdempotencyClaim {
        try await store.claim(account: account, key: key, fingerprint: fingerprint, now: now, lease: Self.lease, retention: Self.day)
    }

    func claimed(_ claim: IdempotencyClaim) throws -> IdempotencyLease {
        guard case .claimed(let lease) = claim else { throw Unexpected(claim: claim) }
        return lease
    }

    struct Unexpected: Error { let claim: IdempotencyClaim }

    func rowCount() async throws -> Int {
        try await fixture.database.read { try $0.queryRow("SELECT count(*) FROM idempotency_keys")?.int(0) ?? -1 }
    }

    @Test("the first claim wins; the same request then sees it in flight, another request a mismatch")
    func claimInFlight() async throws {
        let kim = try await fixture.user().id
        let lease = try claimed(try await claim(kim))
        #expect(lease == IdempotencyLease(account: kim, key: Self.key, attempt: 1))
        #expect(try await claim(kim, at: Self.t0 + 1) == .inProgress)
        #expect(try await claim(kim, fingerprint: Self.second, at: Self.t0 + 1) == .fingerprintMismatch)
    }

    @Test("a completed key replays its status, headers and body; another body is a mismatch")
    func completeAndReplay() async throws {
        let kim = try await fixture.user().id
        let lease = try claimed(try await claim(kim))
        #expect(try await store.complete(lease, response: Self.created, now: Self.t0 + 2))
        #expect(try await claim(kim, at: Self.t0 + 3) == .replay(Self.created))
        #expect(try await claim(kim, fingerprint: Self.second, at: Self.t0 + 3) == .fingerprintMismatch)
        // Completing twice writes nothing: the record is no longer in flight.
        #expect(try await store.complete(lease, response: StoredResponse(status: 500, headers: [], body: []), now: Self.t0 + 4) == false)
        #expect(try await claim(kim, at: Self.t0 + 5) == .replay(Self.created))
    }

    @Test("an empty body and no headers are replayed as such")
    func emptyReplay() async throws {
        let kim = try await fixture.user().id
        let empty = StoredResponse(status: 204, headers: [], body: [])
        #expect(try await store.complete(try claimed(try await claim(kim)), response: empty, now: Self.t0))
        #expect(try await claim(kim) == .replay(empty))
    }

    @Test("keys are scoped per account")
    func perAccount() async throws {
        let kim = try await fixture.user().id, lee = try await fixture.user("lee@example.com").id
        _ = try claimed(try await claim(kim))
        #expect(try claimed(try await claim(lee, fingerprint: Self.second)).account == lee)
    }

    @Test("a released key may be claimed again, as a fresh first attempt")
    func release() async throws {
        let kim = try await fixture.user().id
        try await store.release(try claimed(try await claim(kim)))
        #expect(try await rowCount() == 0)
        #expect(try claimed(try await claim(kim, fingerprint: Self.second)).attempt == 1)
    }

    @Test("an expired lease is reclaimed; the stale attempt can then neither complete, release nor renew")
    func leaseExpiry() async throws {
        let kim = try await fixture.user().id
        let stale = try claimed(try await claim(kim))
        #expect(try await claim(kim, at: Self.t0 + Self.lease - 0.5) == .inProgress)
        let fresh = try claimed(try await claim(kim, at: Self.t0 + Self.lease))
        #expect(fresh.attempt == 2)
        #expect(try await store.renew(stale, until: Self.t0 + 100) == false)
        #expect(try await store.complete(stale, response: Self.created, now: Self.t0 + 31) == false)
        try await store.release(stale)
        #expect(try await claim(kim, at: Self.t0 + 31) == .inProgress)
        #expect(try await store.complete(fresh, response: Self.created, now: Self.t0 + 32))
        #expect(try await claim(kim, at: Self.t0 + 33) == .replay(Self.created))
    }

    @Test("renewing keeps a long request's key locked past its first lease")
    func renewal() async throws {
        let kim = try await fixture.user().id
        let lease = try claimed(try await claim(kim))
        #expect(try await store.renew(lease, until: Self.t0 + 3 * Self.lease))
        #expect(try await claim(kim, at: Self.t0 + 2 * Self.lease) == .inProgress)
        #expect(try claimed(try await claim(kim, at: Self.t0 + 3 * Self.lease)).attempt == 2)
    }

    @Test("a fingerprint mismatch is reported even when the lease expired")
    func mismatchAfterExpiry() async throws {
        let kim = try await fixture.user().id
        _ = try claimed(try await claim(kim))
        #expect(try await claim(kim, fingerprint: Self.second, at: Self.t0 + 10 * Self.lease) == .fingerprintMismatch)
    }

    @Test("a record older than 24 h is never replayed, even before it is swept")
    func retention() async throws {
        let kim = try await fixture.user().id
        #expect(try await store.complete(try claimed(try await claim(kim)), response: Self.created, now: Self.t0))
        #expect(try await claim(kim, at: Self.t0 + Self.day - 1) == .replay(Self.created))
        let again = try claimed(try await claim(kim, fingerprint: Self.second, at: Self.t0 + Self.day))
        #expect(again.attempt == 1)
        #expect(try await rowCount() == 1)
    }

    @Test("claims sweep a bounded batch of expired records; purge deletes the rest")
    func sweep() async throws {
        let kim = try await fixture.user().id
        let small = IdempotencyKeyStore(database: fixture.database, sweepBatch: 2)
        for index in 0..<5 {
            let key = IdempotencyKey(rawValue: "old-\(index)")!
            _ = try await small.claim(account: kim, key: key, fingerprint: Self.first, now: Self.t0 + Double(index), lease: 30, retention: Self.day)
        }
        #expect(try await rowCount() == 5)
        let later = Self.t0 + Self.day + 10
        _ = try await small.claim(account: kim, key: Self.key, fingerprint: Self.first, now: later, lease: 30, retention: Self.day)
        #expect(try await rowCount() == 4)   // 2 old ones swept, 1 new
        #expect(try await small.purge(createdAtOrBefore: later - Self.day, limit: 100) == 3)
        #expect(try await rowCount() == 1)
    }

    @Test("of many concurrent claims of one key exactly one wins, on a file database with readers")
    func concurrentClaims() async throws {
        try await TemporaryDirectory.with { directory in
            let database = RepositoryDatabase.postgresURL == nil
                ? try Database(path: directory + "/idem.sqlite", migrations: SQLiteSchema.migrations)
                : try RepositoryDatabase.make()
            let users = UserStore(database: database)
            let kim = try await users.create(AccountStoreFixture.account(), passwordHash: AccountStoreFixture.hash, createdAt: Self.t0).id
            let store = IdempotencyKeyStore(database: database)
            let claims = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await store.claim(account: kim, key: Self.key, fingerprint: Self.first, now: Self.t0, lease: 30, retention: Self.day)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(claims.filter { if case .claimed = $0 { true } else { false } }.count == 1)
            #expect(claims.filter { $0 == .inProgress }.count == 19)
            await database.close()
        }
    }

    @Test("a completed record survives closing and reopening the database")
    func survivesReopen() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/idem.sqlite"
            var database = try Database(path: path, migrations: SQLiteSchema.migrations)
            let kim = try await UserStore(database: database)
                .create(AccountStoreFixture.account(), passwordHash: AccountStoreFixture.hash, createdAt: Self.t0).id
            var store = IdempotencyKeyStore(database: database)
            let claim = try await store.claim(account: kim, key: Self.key, fingerprint: Self.first, now: Self.t0, lease: 30, retention: Self.day)
            #expect(try await store.complete(try claimed(claim), response: Self.created, now: Self.t0))
            await database.close()
            database = try Database(path: path, migrations: SQLiteSchema.migrations)
            store = IdempotencyKeyStore(database: database)
            #expect(try await store.claim(account: kim, key: Self.key, fingerprint: Self.first, now: Self.t0 + 60, lease: 30,
                                          retention: Self.day) == .replay(Self.created))
            await database.close()
        }
    }

    @Test("keys are 1–255 visible ASCII characters", arguments: [
        ("a", true), (String(repeating: "k", count: 255), true), ("~!#$%&'*+-.^_`|0-9", true),
        ("", false), (String(repeating: "k", count: 256), false), ("has space", false), ("tab\t", false),
        ("del\u{7F}", false), ("키", false), ("café", false),
    ])
    func keyRules(text: String, valid: Bool) {
        #expect((IdempotencyKey(rawValue: text) != nil) == valid)
    }
}
