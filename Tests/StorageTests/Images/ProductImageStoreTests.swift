import Marketplace
import Storage
import Testing

@Suite struct ProductImageStoreTests {
    /// An in-memory database with two sellers (ids 1 and 2) and products 10 (seller 1),
    /// 20 (seller 2) and 30 (seller 1, DELETED).
    struct Fixture {
        let database: Database
        let repository: ProductImageStore

        init() async throws {
            database = try RepositoryDatabase.make()
            repository = ProductImageStore(database: database)
            try await database.write { connection in
                for id in [1, 2] {
                    try connection.execute("""
                        INSERT INTO users (id, email, email_normalized, password_hash, name, role, created_at)
                        VALUES (?, ?, ?, '$2b$04$x', 'S', 'SELLER', 0)
                        """, id, "s\(id)@example.com", "s\(id)@example.com")
                }
                for (id, seller, status) in [(10, 1, "ON_SALE"), (20, 2, "HIDDEN"), (30, 1, "DELETED")] {
                    try connection.execute("""
                        INSERT INTO products (id, seller_id, name, price, stock, category, status, created_at, updated_at)
                        VALUES (?, ?, 'p', 1, 1, 'books', ?, 0, 0)
                        """, id, seller, status)
                }
            }
        }

        func add(_ key: String, to product: Int64 = 10, seller: Int64 = 1, limit: Int = 10) async throws -> ImageAddition {
            let image = NewProductImage(location: try BlobLocation(bucket: "images", key: key), contentType: "image/png",
                                        size: 5, etag: "\"e\"", createdAt: 1000)
            return try await repository.add(image, to: ProductID(rawValue: product), seller: UserID(rawValue: seller), limit: limit)
        }

        func thumbnail(_ product: Int64 = 10) async throws -> String? {
            try await database.read { try $0.queryRow("SELECT thumbnail_key FROM products WHERE id = ?", product)?.stringOrNil(0) }
        }
    }

    @Test("images get increasing positions and the first one becomes the thumbnail")
    func positionsAndThumbnail() async throws {
        let fixture = try await Fixture()
        guard case .added(let first) = try await fixture.add("a.png"), case .added(let second) = try await fixture.add("b.png") else {
            Issue.record("not added"); return
        }
        #expect(first.position == 0 && second.position == 1)
        #expect(try await fixture.thumbnail() == "images/a.png")
        #expect(try await fixture.repository.imageCount(of: ProductID(rawValue: 10), seller: UserID(rawValue: 1)) == 2)
    }

    @Test("removing keeps the other positions, moves the thumbnail to the next lowest, and NULLs it at the end")
    func removal() async throws {
        let fixture = try await Fixture()
        var ids: [Int64] = []
        for key in ["a.png", "b.png", "c.png"] {
            if case .added(let image) = try await fixture.add(key) { ids.append(image.id) }
        }
        let remove = { (id: Int64) in
            try await fixture.repository.remove(id, from: ProductID(rawValue: 10), seller: UserID(rawValue: 1), at: 2000)
        }
        guard case .removed(let removed) = try await remove(ids[0]) else { Issue.record("not removed"); return }
        #expect(removed.key == "a.png")
        #expect(try await fixture.thumbnail() == "images/b.png")
        let positions = try await fixture.database.read { try $0.query("SELECT position FROM product_images ORDER BY position").map { try $0.int(0) } }
        #expect(positions == [1, 2])
        guard case .added(let next) = try await fixture.add("d.png") else { Issue.record("not added"); return }
        #expect(next.position == 3)
        #expect(try await remove(ids[0]) == .imageNotFound)
        for id in [ids[1], ids[2], next.id] { _ = try await remove(id) }
        #expect(try await fixture.thumbnail() == nil)
    }

    @Test("the limit is checked in the write transaction")
    func limit() async throws {
        let fixture = try await Fixture()
        for index in 0..<3 { #expect(try await fixture.add("\(index).png", limit: 3) != .limitReached) }
        #expect(try await fixture.add("x.png", limit: 3) == .limitReached)
    }

    @Test("another seller's product and a deleted product are not found, for every call")
    func ownership() async throws {
        let fixture = try await Fixture()
        #expect(try await fixture.add("a.png", to: 20, seller: 1) == .productNotFound)
        #expect(try await fixture.add("a.png", to: 30, seller: 1) == .productNotFound)
        #expect(try await fixture.add("a.png", to: 99, seller: 1) == .productNotFound)
        #expect(try await fixture.repository.imageCount(of: ProductID(rawValue: 20), seller: UserID(rawValue: 1)) == nil)
        guard case .added(let image) = try await fixture.add("b.png", to: 20, seller: 2) else { Issue.record("not added"); return }
        #expect(try await fixture.repository.remove(image.id, from: ProductID(rawValue: 20), seller: UserID(rawValue: 1), at: 1) == .productNotFound)
        #expect(try await fixture.thumbnail(20) == "images/b.png")
    }
}
