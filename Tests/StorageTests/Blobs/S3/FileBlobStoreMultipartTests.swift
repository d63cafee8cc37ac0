import Foundation
import Glibc
import Marketplace
import Testing
@testable import Storage

@Suite struct FileBlobStoreMultipartTests {
    static let bucket = "uploads-test"

    @Test("an upload survives a new store on the same directory; completion commits one object with S3's multipart ETag")
    func restartAndComplete() async throws {
        try await BlobStoreFixture.with { fixture in
            try await fixture.store.createBucket(Self.bucket)
            let location = BlobStoreFixture.location("big/file.bin", bucket: Self.bucket)
            let id = try await fixture.store.createUpload(location, contentType: "application/x-test", userMetadata: ["who": "me"])
            let first = [UInt8](repeating: 1, count: FileBlobStore.minPartBytes), second = [UInt8](repeating: 2, count: 10)
            let etag1 = try await fixture.store.uploadPart(bucket: Self.bucket, id: id, number: 1, from: .bytes(first))

            // "Restart": another store over the same directory sees the upload and its part.
            let reopened = try FileBlobStore(root: fixture.root, clock: BlobStoreFixture.FixedClock(), writer: .system)
            #expect(try await reopened.uploads(bucket: Self.bucket).map(\.id) == [id])
            #expect(try await reopened.parts(bucket: Self.bucket, id: id).map(\.etag) == [etag1])
            // A part cut short by a crash (a temporary file in the upload's directory) is swept at open.
            let stray = "\(fixture.root)/.uploads/\(Self.bucket)/\(id)/.put-stray"
            #expect(FileManager.default.createFile(atPath: stray, contents: Data([1, 2, 3])))
            _ = try FileBlobStore(root: fixture.root, clock: BlobStoreFixture.FixedClock(), writer: .system)
            #expect(!FileManager.default.fileExists(atPath: stray))
            let etag2 = try await reopened.uploadPart(bucket: Self.bucket, id: id, number: 2, from: .bytes(second))
            let object = try await reopened.completeUpload(bucket: Self.bucket, id: id, parts: [(1, etag1), (2, etag2)])

            let digests = [MD5.digest(first), MD5.digest(second)].flatMap { $0 }
            #expect(object.etag == "\"" + MD5.etag(MD5.digest(digests)).dropFirst().dropLast() + "-2\"")
            let read = try #require(try await reopened.get(location))
            #expect(read.bytes == first + second && read.object.contentType == "application/x-test")
            #expect(try reopened.openStoredObject(location).map { Glibc.close($0.descriptor); return $0.stored.userMetadata } == ["who": "me"])
            #expect(try await reopened.uploads(bucket: Self.bucket).isEmpty, "the upload is gone once completed")
            #expect(fixture.temporaries().isEmpty)
        }
    }

    @Test("a small middle part, a wrong ETag or parts out of order store nothing and keep the upload")
    func refusedCompletions() async throws {
        try await BlobStoreFixture.with { fixture in
            try await fixture.store.createBucket(Self.bucket)
            let location = BlobStoreFixture.location("small.bin", bucket: Self.bucket)
            let id = try await fixture.store.createUpload(location, contentType: "application/octet-stream", userMetadata: [:])
            let etag1 = try await fixture.store.uploadPart(bucket: Self.bucket, id: id, number: 1, from: .bytes([1, 2, 3]))
            let etag2 = try await fixture.store.uploadPart(bucket: Self.bucket, id: id, number: 2, from: .bytes([4]))
            await #expect(throws: ObjectStoreError.entityTooSmall(part: 1, size: 3)) {
                try await fixture.store.completeUpload(bucket: Self.bucket, id: id, parts: [(1, etag1), (2, etag2)])
            }
            await #expect(throws: ObjectStoreError.invalidPart(2)) {
                try await fixture.store.completeUpload(bucket: Self.bucket, id: id, parts: [(2, "\"0000\"")])
            }
            await #expect(throws: ObjectStoreError.invalidPartOrder) {
                try await fixture.store.completeUpload(bucket: Self.bucket, id: id, parts: [(2, etag2), (1, etag1)])
            }
            #expect(try await fixture.store.head(location) == nil)
            #expect(try await fixture.store.uploads(bucket: Self.bucket).map(\.id) == [id])
            // One part alone may be small: it is the last.
            _ = try await fixture.store.completeUpload(bucket: Self.bucket, id: id, parts: [(2, etag2)])
            #expect(try await fixture.store.get(location)?.bytes == [4])
        }
    }

    @Test("a bucket with an object cannot be deleted; empty, it goes with its unfinished uploads")
    func deleteBucket() async throws {
        try await BlobStoreFixture.with { fixture in
            try await fixture.store.createBucket(Self.bucket)
            await #expect(throws: ObjectStoreError.bucketExists) { try await fixture.store.createBucket(Self.bucket) }
            let location = BlobStoreFixture.location("a/b.txt", bucket: Self.bucket)
            _ = try await fixture.store.replace(location, contentType: "text/plain", userMetadata: [:], from: .bytes([1]))
            _ = try await fixture.store.createUpload(BlobStoreFixture.location("c", bucket: Self.bucket), contentType: "text/plain", userMetadata: [:])
            await #expect(throws: ObjectStoreError.bucketNotEmpty) { try await fixture.store.deleteBucket(Self.bucket) }
            try await fixture.store.delete(location)
            try await fixture.store.deleteBucket(Self.bucket)
            #expect(!fixture.store.bucketExists(Self.bucket))
            #expect(try await fixture.store.uploads(bucket: Self.bucket).isEmpty)
            await #expect(throws: ObjectStoreError.noSuchBucket) {
                try await fixture.store.replace(location, contentType: "text/plain", userMetadata: [:], from: .bytes([1]))
            }
        }
    }
}
