import Foundation
import Marketplace
import Storage
import Testing

/// Two `Database`s — two servers — on one PostgreSQL schema share the auth limits: a burst
/// split between them gets exactly the limit's worth through, serialized by the key's
/// advisory lock rather than by retries.
@Suite("PostgreSQL: auth limits across servers", .enabled(if: RepositoryDatabase.postgresURL != nil))
struct PostgresAuthLimitTests {
    /// Two stores over one fresh schema with every migration.
    static func pair() throws -> (AccountStoreFixture, AccountStoreFixture) {
        let base = try #require(RepositoryDatabase.postgresURL)
        let schema = "l_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresAdmin.execute(url: base, "CREATE SCHEMA \(schema)")
        let url = PostgresAdmin.url(base, searchPath: schema)
        return (try AccountStoreFixture(database: try Database(postgres: url, migrations: PostgresSchema.migrations, poolSize: 8)),
                try AccountStoreFixture(database: try Database(postgres: url, migrations: PostgresSchema.migrations, poolSize: 8)))
    }

    @Test("30 login claims split across two servers: exactly 5 pass, without retries")
    func loginBurst() async throws {
        let (a, b) = try Self.pair()
        let passed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<30 {
                let attempts = index.isMultiple(of: 2) ? a.attempts : b.attempts
                group.addTask {
                    let claim = try await attempts.claim(email: "kim@example.com", from: ClientAddress("127.0.0.1"), at: 1000,
                                                         policy: .standard)
                    if case .claimed = claim { return true } else { return false }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(passed == 5)
        #expect(try await a.count("login_attempts") == 5)
        #expect(a.database.writeRetries + b.database.writeRetries == 0)
        await a.database.close()
        await b.database.close()
    }

    @Test("30 signup claims and 30 wrong codes split across two servers: 10 signups, 5 compared codes")
    func signupAndCodeBursts() async throws {
        let (a, b) = try Self.pair()
        let user = try await a.user()
        _ = try await a.codes.issue(PendingVerification(userID: user.id, codeDigest: String(repeating: "d", count: 64),
                                                        expiresAt: 700, failedAttempts: 0), at: 100)
        let limit = RateLimit([SlidingWindow(maximum: 10, seconds: 3600)])
        let (signups, wrong) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<30 {
                let store = index.isMultiple(of: 2) ? a : b
                group.addTask {
                    let claim = try await store.limits.claim(.signup(from: ClientAddress("127.0.0.1")), limit: limit, at: 1000)
                    let check = try await store.codes.check(String(repeating: "e", count: 64), for: user.id, at: 200)
                    return (claim == .refused(until: 4600) ? 0 : 1, check == .wrongCode ? 1 : 0)
                }
            }
            return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        #expect(signups == 10)
        #expect(wrong == 5)
        await a.database.close()
        await b.database.close()
    }
}
