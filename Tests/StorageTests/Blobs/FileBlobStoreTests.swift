import Foundation
import Marketplace
import Testing
@testable import Storage

@Suite struct FileBlobStoreTests {
    typealias Fixture = BlobStoreFixture

    @Test("put stores the bytes at <root>/<bucket>/<key> with a sidecar, and head/get/open agree")
    func putAndRead() async throws {
        try await Fixture.with { fixture in
            let bytes = patternBytes(70_000)
            let location = Fixture.location("products/12/abc.png")
            let object = try await fixture.store.put(location, contentType: "image/png", from: .bytes(bytes))
            #expect(object.size == 70_000)
            #expect(object.lastModified == 1_763_900_000_123)
            #expect(object.etag == MD5.etag(MD5.digest(bytes)))

            let path = fixture.root + "/images/products/12/abc.png"
            #expect(FileManager.default.contents(atPath: path) == Data(bytes))
            let sidecar = try String(contentsOfFile: fixture.root + "/images/products/12/.abc.png.meta", encoding: .utf8)
            #expect(sidecar == "content-type: image/png\nsize: 70000\netag: \(object.etag)\nlast-modified: 1763900000123\n")

            #expect(try await fixture.store.head(location) == object)
            let got = try #require(try await fixture.store.get(location))
            #expect(got.object == object && got.bytes == bytes)
            let opened = try #require(try await fixture.store.open(location))
            defer { close(opened.descriptor) }
            var first = [UInt8](repeating: 0, count: 4)
            #expect(pread(opened.descriptor, &first, 4, 0) == 4 && first == Array(bytes[0..<4]))
            #expect(fixture.temporaries().isEmpty)
        }
    }

    @Test("unknown objects are nil and deleting them is false")
    func missing() async throws {
        try await Fixture.with { fixture in
            let location = Fixture.location("nope/x.png")
            let head = try await fixture.store.head(location)
            let opened = try await fixture.store.open(location)
            let got = try await fixture.store.get(location)
            let deleted = try await fixture.store.delete(location)
            #expect(head == nil && opened == nil && got == nil && !deleted)
        }
    }

    @Test("a byte range of a file is copied; the file stays")
    func fileRange() async throws {
        try await Fixture.with { fixture in
            let bytes = patternBytes(600_000)
            let path = try fixture.write(bytes, to: "spooled")
            let object = try await fixture.store.put(Fixture.location("a/b.gif"), contentType: "image/gif",
                                                     from: .file(path: path, range: 1000..<550_000))
            #expect(object.size == 549_000)
            #expect(try await fixture.store.get(Fixture.location("a/b.gif"))?.bytes == Array(bytes[1000..<550_000]))
            #expect(FileManager.default.fileExists(atPath: path))
            await #expect(throws: BlobStoreError.self) {
                try await fixture.store.put(Fixture.location("a/c.gif"), contentType: "image/gif", from: .file(path: path, range: 0..<700_000))
            }
            #expect(try await fixture.store.head(Fixture.location("a/c.gif")) == nil)
            #expect(fixture.temporaries().isEmpty)
        }
    }

    @Test("a moving file is renamed into place (same inode), world-readable, and gone from where it was")
    func movingFile() async throws {
        try await Fixture.with { fixture in
            let bytes = patternBytes(300_000)
            let path = try fixture.write(bytes, to: "upload-1")
            chmod(path, 0o600)
            var before = stat()
            stat(path, &before)
            let location = Fixture.location("m/x.webp")
            let object = try await fixture.store.put(location, contentType: "image/webp", from: .movingFile(path: path))
            let expected = try await md5sum(fixture.root + "/images/m/x.webp")
            #expect(object.etag == "\"\(expected)\"")
            #expect(!FileManager.default.fileExists(atPath: path))
            var after = stat()
            stat(fixture.root + "/images/m/x.webp", &after)
            #expect(after.st_ino == before.st_ino)
            #expect(after.st_mode & 0o777 == 0o644)
        }
    }

    @Test("a key never gets a second object")
    func noOverwrite() async throws {
        try await Fixture.with { fixture in
            let location = Fixture.location("k.png")
            _ = try await fixture.store.put(location, contentType: "image/png", from: .bytes([1, 2, 3]))
            await #expect(throws: BlobStoreError.alreadyExists) {
                try await fixture.store.put(location, contentType: "image/png", from: .bytes([4, 5]))
            }
            #expect(try await fixture.store.get(location)?.bytes == [1, 2, 3])
            #expect(fixture.temporaries().isEmpty)
        }
    }

    @Test("delete removes bytes and sidecar")
    func delete() async throws {
        try await Fixture.with { fixture in
            let location = Fixture.location("products/1/a.png")
            _ = try await fixture.store.put(location, contentType: "image/png", from: .bytes([1]))
            #expect(try await fixture.store.delete(location))
            #expect(try await fixture.store.head(location) == nil)
            #expect(fixture.tree().filter { $0.hasSuffix("a.png") || $0.hasSuffix(".meta") }.isEmpty)
        }
    }

    @Test("list returns objects under a prefix, by key, skipping sidecars, temporaries and orphans")
    func list() async throws {
        try await Fixture.with { fixture in
            for key in ["products/1/b.png", "products/1/a.png", "products/12/c.png", "products/2/d.png", "other.png"] {
                _ = try await fixture.store.put(Fixture.location(key), contentType: "image/png", from: .bytes([1]))
            }
            _ = try fixture.write([1, 2], to: "blobs/images/products/1/orphan.png")   // bytes without a sidecar: no object
            _ = try fixture.write([1, 2], to: "blobs/images/.put-zzz")
            let keys = { (prefix: String) in try await fixture.store.list(bucket: "images", prefix: prefix).map(\.location.key) }
            #expect(try await keys("products/1/") == ["products/1/a.png", "products/1/b.png"])
            #expect(try await keys("products/1") == ["products/1/a.png", "products/1/b.png", "products/12/c.png"])
            #expect(try await keys("") == ["other.png", "products/1/a.png", "products/1/b.png", "products/12/c.png", "products/2/d.png"])
            #expect(try await keys("nothing/") == [])
            #expect(try await fixture.store.list(bucket: "empty", prefix: "") == [])
            await #expect(throws: BlobStoreError.self) { try await fixture.store.list(bucket: "images", prefix: "../") }
        }
    }

    @Test("opening the store sweeps temporary files a crash left in its buckets, and nothing else")
    func sweep() async throws {
        try await TemporaryDirectory.with { directory in
            let first = try BlobStoreFixture(directory: directory)
            _ = try await first.store.put(Fixture.location("keep.png"), contentType: "image/png", from: .bytes([9]))
            _ = try first.write(patternBytes(10), to: "blobs/images/.put-half")
            let second = try BlobStoreFixture(directory: directory)
            #expect(second.temporaries().isEmpty)
            #expect(try await second.store.get(Fixture.location("keep.png"))?.bytes == [9])
        }
    }
}
