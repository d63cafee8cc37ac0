import Foundation
import Marketplace
import Storage
import Synchronization
import Testing

/// The service's ordering rules, with the real blob store and SQLite and a fault or a race forced in.
@Suite struct ProductImageServiceTests {
    struct Clock: WallClock { func now() -> Double { 1_763_900_000 } }

    /// A blob store whose deletes fail.
    struct UndeletableStore: BlobStore {
        let inner: FileBlobStore
        func put(_ location: BlobLocation, contentType: String, from source: BlobSource) async throws -> BlobObject {
            try await inner.put(location, contentType: contentType, from: source)
        }
        func head(_ location: BlobLocation) async throws -> BlobObject? { try await inner.head(location) }
        func open(_ location: BlobLocation) async throws -> OpenedBlob? { try await inner.open(location) }
        func get(_ location: BlobLocation) async throws -> (object: BlobObject, bytes: [UInt8])? { try await inner.get(location) }
        func delete(_ location: BlobLocation) async throws -> Bool { throw BlobStoreError.io(call: "unlinkat", errno: EIO) }
        func list(bucket: String, prefix: String) async throws -> [BlobObject] { try await inner.list(bucket: bucket, prefix: prefix) }
    }

    /// A repository that loses the race for the last slot: the early count says there is room, the transaction says no.
    struct RacingRepository: ProductImageRepository {
        func imageCount(of product: ProductID, seller: UserID) async throws -> Int? { 9 }
        func add(_ image: NewProductImage, to product: ProductID, seller: UserID, limit: Int) async throws -> ImageAddition { .limitReached }
        func remove(_ imageID: Int64, from product: ProductID, seller: UserID, at time: Int64) async throws -> ImageRemoval { .imageNotFound }
    }

    static let seller = Principal(userID: UserID(rawValue: 1), role: .seller)
    static let upload = ImageUpload(declaredType: "image/gif", magic: Array(ImageBytes.tinyGIF.prefix(12)), size: 14,
                                    source: .bytes(ImageBytes.tinyGIF))

    private func withStore<T>(_ body: (FileBlobStore) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "images-service-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(try FileBlobStore(dataDirectory: directory, clock: Clock()))
    }

    @Test("losing the race for the last slot answers 409 and removes the blob already written")
    func raceLost() async throws {
        try await withStore { blobs in
            let generation = CatalogGeneration()
            let service = ProductImageService(images: RacingRepository(), blobs: blobs, generation: generation, clock: Clock(),
                                              cleanupFailed: { _, _ in Issue.record("cleanup failed") })
            await #expect(throws: MarketplaceError.conflict(code: "IMAGE_LIMIT_REACHED", detail: ProductImageService.limitReachedDetail)) {
                try await service.add(Self.upload, to: ProductID(rawValue: 7), by: Self.seller)
            }
            let left = try await blobs.list(bucket: ProductImageService.bucket, prefix: "")
            #expect(left.isEmpty)
            #expect(generation.current == 0)
        }
    }

    @Test("a blob that cannot be deleted after its row is gone is reported, and the delete still succeeds")
    func undeletableBlob() async throws {
        try await withStore { blobs in
            let database = try Database(path: ":memory:", migrations: SQLiteSchema.migrations)
            try await database.write { connection in
                try connection.execute("""
                    INSERT INTO users (id, email, email_normalized, password_hash, name, role, created_at)
                    VALUES (1, 's@example.com', 's@example.com', '$2b$04$x', 'S', 'SELLER', 0)
                    """)
                try connection.execute("""
                    INSERT INTO products (id, seller_id, name, price, stock, category, status, created_at, updated_at)
                    VALUES (7, 1, 'Mug', 1, 1, 'kitchen', 'ON_SALE', 0, 0)
                    """)
            }
            let reported = Mutex<[String]>([])
            let generation = CatalogGeneration()
            let service = ProductImageService(images: ProductImageStore(database: database), blobs: UndeletableStore(inner: blobs),
                                              generation: generation, clock: Clock(),
                                              cleanupFailed: { location, _ in reported.withLock { $0.append("\(location)") } })
            let image = try await service.add(Self.upload, to: ProductID(rawValue: 7), by: Self.seller)
            #expect(generation.current == 1)
            try await service.remove(image.id, from: ProductID(rawValue: 7), by: Self.seller)
            #expect(generation.current == 2)
            #expect(reported.withLock { $0 } == ["images/\(image.key)"])
            let rows = try await database.read { try $0.queryRow("SELECT count(*) FROM product_images")?.int(0) }
            #expect(rows == 0)
            await database.close()
        }
    }
}
