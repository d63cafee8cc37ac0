import Auth
import Marketplace
import MarketplaceFakes
import Testing

@Suite struct BcryptPasswordHasherTests {
    @Test("hashes are $2b$ at the configured cost, salted, and verify only the right password")
    func roundTrip() async throws {
        let hasher = try BcryptPasswordHasher(cost: 4, workers: 2, queueLimit: 8)
        defer { hasher.shutdown() }
        let first = try await hasher.hash("correct horse")
        let second = try await hasher.hash("correct horse")
        #expect(first.hasPrefix("$2b$04$") && first.utf8.count == 60)
        #expect(first != second)
        #expect(try await hasher.verify("correct horse", against: first))
        #expect(try await !hasher.verify("correct horsf", against: first))
    }

    @Test("a 72-byte Hangul password round-trips; the 73rd byte would be ignored by bcrypt, which is why it is refused earlier")
    func seventyTwoBytes() async throws {
        let hasher = try BcryptPasswordHasher(cost: 4, workers: 1, queueLimit: 4)
        defer { hasher.shutdown() }
        let password = String(repeating: "한", count: 24)
        let hash = try await hasher.hash(password)
        #expect(try await hasher.verify(password, against: hash))
        #expect(try await hasher.verify(password + "x", against: hash))   // bcrypt's truncation, hence AccountRules
    }

    @Test("a password holding NUL or a hash that is not bcrypt never verifies")
    func refusesOddInput() async throws {
        let hasher = try BcryptPasswordHasher(cost: 4, workers: 1, queueLimit: 4)
        defer { hasher.shutdown() }
        let hash = try await hasher.hash("password1")
        #expect(try await !hasher.verify("password1\u{0}", against: hash))
        #expect(try await !hasher.verify("password1", against: "plain"))
    }

    @Test("the decoy hash has the configured cost and matches no ordinary password")
    func decoy() async throws {
        let hasher = try BcryptPasswordHasher(cost: 5, workers: 1, queueLimit: 4)
        defer { hasher.shutdown() }
        #expect(hasher.decoyHash.hasPrefix("$2b$05$"))
        #expect(try await !hasher.verify("password1", against: hasher.decoyHash))
    }

    @Test("when every worker is busy and the queue is full, callers are refused at once with a Retry-After")
    func overflow() async throws {
        let hasher = try BcryptPasswordHasher(cost: 10, workers: 1, queueLimit: 1)
        defer { hasher.shutdown() }
        let retryAfters = await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do {
                        _ = try await hasher.hash("password1")
                        return nil
                    } catch let MarketplaceError.unavailable(_, retryAfter) {
                        return retryAfter ?? 0
                    } catch {
                        return -1
                    }
                }
            }
            return await group.reduce(into: [Int?]()) { $0.append($1) }
        }
        #expect(retryAfters.contains { $0 == nil })                                 // the running hash succeeds
        #expect(retryAfters.contains { ($0 ?? 0) >= 1 })                           // someone was turned away
        #expect(!retryAfters.contains { $0 == -1 || $0 == 0 })
    }
}
