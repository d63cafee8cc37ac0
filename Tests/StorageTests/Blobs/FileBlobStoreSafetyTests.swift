import Foundation
import Glibc
import Marketplace
import Testing
@testable import Storage

@Suite struct FileBlobStoreSafetyTests {
    typealias Fixture = BlobStoreFixture

    @Test("a full disk (ENOSPC or EDQUOT) while writing the bytes or the sidecar fails the put with insufficientStorage, leaving no object and no temporary file",
          arguments: [(false, 0, ENOSPC), (false, 100_000, ENOSPC), (false, 200_000, ENOSPC), (true, 300_000, EDQUOT), (true, 400_000, EDQUOT)])
    func fullDisk(fromFile: Bool, allowed: Int, code: Int32) async throws {
        try await TemporaryDirectory.with { directory in
            let fixture = try BlobStoreFixture(directory: directory, writer: Fixture.fullDisk(after: allowed, errno: code))
            let location = Fixture.location("products/3/full.png")
            let path = try fixture.write(patternBytes(400_000), to: "spooled")
            let source = fromFile ? BlobSource.file(path: path, range: 0..<400_000) : .bytes(patternBytes(200_000))
            await #expect(throws: BlobStoreError.insufficientStorage) {
                try await fixture.store.put(location, contentType: "image/png", from: source)
            }
            #expect(try await fixture.store.head(location) == nil)
            #expect(fixture.temporaries().isEmpty)
            #expect(!fixture.tree().contains { $0.hasSuffix("full.png") || $0.hasSuffix(".meta") })
        }
    }

    @Test("links planted inside a bucket are never followed: reads find nothing, writes fail, the target is untouched")
    func symlinks() async throws {
        try await Fixture.with { fixture in
            let outside = try fixture.write(Array("secret".utf8), to: "outside.txt")
            try FileManager.default.createDirectory(atPath: fixture.directory + "/elsewhere", withIntermediateDirectories: true)
            _ = try await fixture.store.put(Fixture.location("seed.png"), contentType: "image/png", from: .bytes([1]))
            let bucket = fixture.root + "/images"
            symlink(outside, bucket + "/file.png")
            symlink(fixture.directory + "/elsewhere", bucket + "/dir")
            symlink(fixture.directory + "/elsewhere", fixture.root + "/linked")   // a bucket that is a link
            // A sidecar for the linked file, so only the link check stands in the way.
            _ = try fixture.write(Array("content-type: image/png\nsize: 6\netag: \"x\"\nlast-modified: 1\n".utf8),
                                  to: "blobs/images/.file.png.meta")

            #expect(try await fixture.store.open(Fixture.location("file.png")) == nil)
            #expect(try await fixture.store.head(Fixture.location("dir/x.png")) == nil)
            #expect(try await fixture.store.head(Fixture.location("x.png", bucket: "linked")) == nil)
            await #expect(throws: BlobStoreError.self) {
                try await fixture.store.put(Fixture.location("dir/new.png"), contentType: "image/png", from: .bytes([1]))
            }
            await #expect(throws: BlobStoreError.self) {
                try await fixture.store.put(Fixture.location("new.png", bucket: "linked"), contentType: "image/png", from: .bytes([1]))
            }
            #expect(try await fixture.store.list(bucket: "images", prefix: "").map(\.location.key) == ["seed.png"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory + "/elsewhere").isEmpty)
            #expect(try String(contentsOfFile: outside, encoding: .utf8) == "secret")
        }
    }

    @Test("an object exists only once its sidecar does: bytes alone (a crash between the renames) are invisible")
    func sidecarCommits() async throws {
        try await Fixture.with { fixture in
            _ = try await fixture.store.put(Fixture.location("seed.png"), contentType: "image/png", from: .bytes([1]))
            _ = try fixture.write([1, 2, 3], to: "blobs/images/half.png")
            #expect(try await fixture.store.head(Fixture.location("half.png")) == nil)
            #expect(try await fixture.store.open(Fixture.location("half.png")) == nil)
            // And a later put of that key replaces the orphaned bytes.
            _ = try await fixture.store.put(Fixture.location("half.png"), contentType: "image/png", from: .bytes([7]))
            #expect(try await fixture.store.get(Fixture.location("half.png"))?.bytes == [7])
        }
    }
}
