import Foundation
import Glibc
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP
@testable import Storage

@Suite struct InsufficientStorageTests {
    struct Clock: WallClock { func now() -> Double { 1_763_900_000 } }

    @Test("a full disk during the blob write answers 507 INSUFFICIENT_STORAGE, stores no row and no object, leaves no temporary file")
    func fullDisk() async throws {
        let directory = NSTemporaryDirectory() + "images-enospc-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let full = BlobWriter { fd, bytes in
            _ = Glibc.write(fd, bytes.baseAddress, min(bytes.count, 1000))   // a little gets in, then the disk is full
            return -Int(ENOSPC)
        }
        let blobs = try FileBlobStore(root: directory + "/blobs", clock: Clock(), writer: full)
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
        let generation = CatalogGeneration()
        let service = ProductImageService(images: ProductImageStore(database: database), blobs: blobs,
                                          generation: generation, clock: Clock(), cleanupFailed: { _, _ in })
        let spooled = directory + "/upload-1"
        let bytes = ImageBytes.png(300_000)
        try Data(bytes).write(to: URL(fileURLWithPath: spooled))
        for source in [BlobSource.file(path: spooled, range: 0..<bytes.count), .bytes(bytes)] {
            let upload = ImageUpload(declaredType: "image/png", magic: Array(bytes.prefix(12)), size: bytes.count, source: source)
            do {
                _ = try await service.add(upload, to: ProductID(rawValue: 7), by: Principal(userID: UserID(rawValue: 1), role: .seller))
                Issue.record("the upload succeeded on a full disk")
            } catch {
                expectProblem(ProblemMapper.problem(for: error, requestID: "r").response(), status: 507, code: "INSUFFICIENT_STORAGE")
            }
        }
        let rows = try await database.read { try $0.queryRow("SELECT count(*) FROM product_images")?.int(0) }
        #expect(rows == 0 && generation.current == 0)
        let files = (FileManager.default.enumerator(atPath: directory + "/blobs")?.allObjects as? [String]) ?? []
        #expect(files.allSatisfy { !$0.contains(".put-") && !$0.hasSuffix(".png") && !$0.hasSuffix(".meta") }, "\(files)")
        await database.close()
    }
}

/// `expectProblem` for a response built in-process (no socket).
func expectProblem(_ response: Response, status: Int, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
    let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    #expect(json?["code"] as? String == code, sourceLocation: sourceLocation)
}
