import Marketplace
import Storage
import Testing

@Suite struct UserStoreTests {
    let store: AccountStoreFixture
    init() throws { store = try AccountStoreFixture() }

    @Test("a created account reads back with its hash, found by normalized email")
    func roundTrip() async throws {
        let user = try await store.user("Kim@Example.com")
        #expect(user.email == "Kim@Example.com" && user.status == .active && !user.emailVerified)
        #expect(user.createdAt == 1_700_000_000)
        let credentials = try #require(try await store.users.credentials(forEmail: "kim@example.com"))
        #expect(credentials.user == user && credentials.passwordHash == AccountStoreFixture.hash)
        #expect(try await store.users.find(user.id) == user)
    }

    @Test("emails are unique regardless of case: the second is EMAIL_TAKEN")
    func uniqueIgnoringCase() async throws {
        try await store.user("kim@example.com")
        await #expect(throws: MarketplaceError.conflict(code: "EMAIL_TAKEN", detail: "An account with this email already exists.")) {
            try await store.user("KIM@EXAMPLE.COM")
        }
    }

    @Test("the schema refuses values the domain would never produce")
    func checks() async throws {
        await #expect(throws: (any Error).self) {
            try await store.database.write { connection in
                try connection.execute("""
                    INSERT INTO users (email, email_normalized, password_hash, name, role, created_at)
                    VALUES ('a@b.io', 'a@b.io', '$2b$x', 'A', 'ROOT', 0)
                    """)
            }
        }
        await #expect(throws: (any Error).self) {
            try await store.database.write { connection in
                try connection.execute("""
                    INSERT INTO users (email, email_normalized, password_hash, name, role, created_at)
                    VALUES ('A@b.io', 'A@b.io', '$2b$x', 'A', 'ADMIN', 0)
                    """)
            }
        }
    }

    @Test("listing filters by role and status, pages by id, and counts the whole match")
    func listing() async throws {
        for index in 1...5 { try await store.user("s\(index)@example.com", role: .seller) }
        try await store.user("c@example.com")
        _ = try await store.users.setStatus(.suspended, of: UserID(rawValue: 2))
        let sellers = try await store.users.list(UserQuery(role: .seller, page: PageRequest(page: 2, size: 2)))
        #expect(sellers.items.map(\.email) == ["s3@example.com", "s4@example.com"])
        #expect(sellers.totalItems == 5 && sellers.totalPages == 3)
        let suspended = try await store.users.list(UserQuery(role: .seller, status: .suspended))
        #expect(suspended.items.map(\.id.rawValue) == [2])
        #expect(try await store.users.list(UserQuery()).totalItems == 6)
    }

    @Test("setting the status of an unknown id changes nothing")
    func unknownStatus() async throws {
        #expect(try await store.users.setStatus(.suspended, of: UserID(rawValue: 42)) == nil)
    }
}
