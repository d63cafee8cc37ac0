import Glibc
import Synchronization
public import Marketplace

/// S3 multipart uploads on disk, beside the buckets (so a restart keeps them):
/// `<root>/.uploads/<bucket>/<upload id>/` holds `upload` (the key, content type and user
/// metadata, written first) and each part as `<number>` with its sidecar `.<number>.meta`
/// (written after the bytes, the part's commit record, as for objects).
extension FileBlobStore {
    /// An upload in progress.
    public struct MultipartUpload: Sendable {
        public let id: String
        public let key: String
        public let contentType: String
        public let userMetadata: [String: String]
        /// Unix milliseconds.
        public let initiated: Int64
    }

    /// A part received.
    public struct UploadedPart: Sendable {
        public let number: Int
        public let etag: String
        public let size: Int
        public let lastModified: Int64
    }

    /// S3's bounds: parts 1–10000, every part but the last at least 5 MiB.
    public static let maxPartNumber = 10_000
    public static let minPartBytes = 5 << 20
    static let uploadsDirectory = ".uploads"

    /// Starts an upload of `location`; the bucket must exist.
    public func createUpload(_ location: BlobLocation, contentType: String, userMetadata: [String: String]) async throws -> String {
        guard bucketExists(location.bucket) else { throw ObjectStoreError.noSuchBucket }
        guard (1...255).contains(contentType.utf8.count), contentType.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw BlobStoreError.invalidContentType
        }
        var generator = SystemRandomNumberGenerator()
        let id = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "")
        let now = Int64((clock.now() * 1000).rounded())
        try await onQueue {
            guard let uploads = try BlobFiles.openPath([Self.uploadsDirectory[...], location.bucket[...]], in: self.rootFD, create: true),
                  let directory = try BlobFiles.openDirectory(id[...], in: uploads, create: true)
            else { throw BlobStoreError.io(call: "openat(.uploads)", errno: ENOTDIR) }
            defer { close(uploads); close(directory) }
            var meta = BlobMetadata(contentType: contentType, size: 0, etag: "\"\"", lastModified: now)
            meta.userMetadata = userMetadata
            let text = "key: \(location.key)\n" + String(decoding: meta.encoded(), as: UTF8.self)
            var temporaries: [String] = []
            let written = try self.writeTemporary(from: .bytes(Array(text.utf8)), in: directory, temporaries: &temporaries)
            guard renameat(directory, written.name, directory, "upload") == 0 else { throw BlobFiles.failure("renameat(upload)", errno) }
            try BlobFiles.sync(directory)
        }
        return id
    }

    /// The upload `id` of `bucket`, or nil.
    public func upload(bucket: String, id: String) async throws -> MultipartUpload? {
        try await onQueue { try self.readUpload(bucket: bucket, id: id) }
    }

    /// Stores part `number` (replacing an earlier one of that number); returns its ETag.
    public func uploadPart(bucket: String, id: String, number: Int, from source: BlobSource) async throws -> String {
        try await onQueue {
            guard try self.readUpload(bucket: bucket, id: id) != nil, let directory = try self.uploadDirectory(bucket: bucket, id: id) else {
                throw ObjectStoreError.noSuchUpload
            }
            defer { close(directory) }
            var temporaries: [String] = []
            do {
                let data = try self.writeTemporary(from: source, in: directory, temporaries: &temporaries)
                let meta = BlobMetadata(contentType: "application/octet-stream", size: data.size, etag: MD5.etag(data.digest),
                                        lastModified: Int64((self.clock.now() * 1000).rounded()))
                let sidecar = try self.writeTemporary(from: .bytes(meta.encoded()), in: directory, temporaries: &temporaries)
                let name = String(number)
                try self.commitLock.withLock { _ throws in
                    for (temporary, final) in [(data.name, name), (sidecar.name, BlobMetadata.fileName(for: name[...]))] {
                        guard renameat(directory, temporary, directory, final) == 0 else { throw BlobFiles.failure("renameat(part)", errno) }
                        temporaries.removeAll { $0 == temporary }
                    }
                }
                try BlobFiles.sync(directory)
                return meta.etag
            } catch {
                for temporary in temporaries { unlinkat(directory, temporary, 0) }
                throw error
            }
        }
    }

    /// The parts received so far, by number.
    public func parts(bucket: String, id: String) async throws -> [UploadedPart] {
        try await onQueue {
            guard let directory = try self.uploadDirectory(bucket: bucket, id: id) else { throw ObjectStoreError.noSuchUpload }
            defer { close(directory) }
            return try Self.readParts(directory)
        }
    }

    /// Assembles the listed parts (number and ETag, ascending) into the object: copied into
    /// one temporary file beside the parts and fsynced, then committed like any object
    /// (renamed into the bucket, sidecar last) with the ETag `"md5(concat(part md5s))-N"`;
    /// the upload is removed afterwards. Nothing changes when a check fails.
    public func completeUpload(bucket: String, id: String, parts listed: [(number: Int, etag: String)]) async throws -> BlobObject {
        try await onQueue {
            guard let upload = try self.readUpload(bucket: bucket, id: id), let directory = try self.uploadDirectory(bucket: bucket, id: id) else {
                throw ObjectStoreError.noSuchUpload
            }
            defer { close(directory) }
            let stored = Dictionary(try Self.readParts(directory).map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
            guard !listed.isEmpty else { throw ObjectStoreError.invalidPart(0) }
            // S3's order of checks: the list's order, then each part's existence, then sizes.
            guard zip(listed, listed.dropFirst()).allSatisfy({ $0.number < $1.number }) else { throw ObjectStoreError.invalidPartOrder }
            for part in listed where !(stored[part.number].map { Self.sameETag($0.etag, part.etag) } ?? false) {
                throw ObjectStoreError.invalidPart(part.number)
            }
            var digests: [UInt8] = []
            for (index, part) in listed.enumerated() {
                guard let found = stored[part.number], Self.sameETag(found.etag, part.etag) else { throw ObjectStoreError.invalidPart(part.number) }
                if index < listed.count - 1 && found.size < Self.minPartBytes {
                    throw ObjectStoreError.entityTooSmall(part: part.number, size: found.size)
                }
                digests += Self.digestBytes(found.etag)
            }
            let etag = "\"" + MD5.etag(MD5.digest(digests)).dropFirst().dropLast() + "-\(listed.count)\""
            let location = try BlobLocation(bucket: bucket, key: upload.key)
            let (fd, assembled) = try BlobFiles.createTemporary(in: directory)
            do {
                defer { close(fd) }
                var buffer = [UInt8](repeating: 0, count: Self.copyChunk)
                for part in listed {
                    let source = openat(directory, String(part.number), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                    guard source >= 0 else { throw BlobFiles.failure("openat(part)", errno) }
                    defer { close(source) }
                    var offset = 0
                    while true {
                        let n = try buffer.withUnsafeMutableBytes { try BlobFiles.read(source, into: $0, at: offset) }
                        if n == 0 { break }
                        try buffer.withUnsafeBytes { try BlobFiles.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[0..<n]), self.writer) }
                        offset += n
                    }
                }
                try BlobFiles.sync(fd)
            } catch {
                unlinkat(directory, assembled, 0)
                throw error
            }
            let path = "\(self.root)/\(Self.uploadsDirectory)/\(bucket)/\(id)/\(assembled)"
            let object: BlobObject
            do {
                object = try self.store(location, contentType: upload.contentType, from: .movingFile(path: path),
                                        s3: S3Write(userMetadata: upload.userMetadata, etag: etag))
            } catch {
                unlinkat(directory, assembled, 0)
                throw error
            }
            try? self.removeUpload(bucket: bucket, id: id)
            return object
        }
    }

    /// Drops an upload and its parts.
    public func abortUpload(bucket: String, id: String) async throws {
        try await onQueue {
            guard try self.readUpload(bucket: bucket, id: id) != nil else { throw ObjectStoreError.noSuchUpload }
            try self.removeUpload(bucket: bucket, id: id)
        }
    }

    /// The bucket's uploads in progress, by key then initiation.
    public func uploads(bucket: String) async throws -> [MultipartUpload] {
        try await onQueue {
            guard let uploads = try BlobFiles.openPath([Self.uploadsDirectory[...], bucket[...]], in: self.rootFD, create: false) else { return [] }
            defer { close(uploads) }
            return try BlobFiles.names(in: uploads).compactMap { try self.readUpload(bucket: bucket, id: $0) }
                .sorted { ($0.key, $0.initiated) < ($1.key, $1.initiated) }
        }
    }

    func removeUploads(of bucket: String) throws {
        guard let uploads = try BlobFiles.openPath([Self.uploadsDirectory[...]], in: rootFD, create: false) else { return }
        defer { close(uploads) }
        if let directory = try BlobFiles.openDirectory(bucket[...], in: uploads, create: false) {
            defer { close(directory) }
            try Self.removeContents(of: directory)
        }
        _ = unlinkat(uploads, bucket, AT_REMOVEDIR)
    }

    private func removeUpload(bucket: String, id: String) throws {
        guard let uploads = try BlobFiles.openPath([Self.uploadsDirectory[...], bucket[...]], in: rootFD, create: false) else { return }
        defer { close(uploads) }
        if let directory = try BlobFiles.openDirectory(id[...], in: uploads, create: false) {
            defer { close(directory) }
            // The descriptor first: from here on the upload does not exist.
            unlinkat(directory, "upload", 0)
            try Self.removeContents(of: directory)
        }
        _ = unlinkat(uploads, id, AT_REMOVEDIR)
    }

    private func uploadDirectory(bucket: String, id: String) throws -> Int32? {
        guard (try? BlobLocation.checkBucket(bucket)) != nil, Self.isUploadID(id) else { return nil }
        return try BlobFiles.openPath([Self.uploadsDirectory[...], bucket[...], id[...]], in: rootFD, create: false)
    }

    private func readUpload(bucket: String, id: String) throws -> MultipartUpload? {
        guard let directory = try uploadDirectory(bucket: bucket, id: id) else { return nil }
        defer { close(directory) }
        guard let bytes = try BlobFiles.readSmall("upload", in: directory, limit: BlobMetadata.maxBytes + 2048) else { return nil }
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")), bytes.starts(with: Array("key: ".utf8)),
              let meta = BlobMetadata(parsing: Array(bytes[(newline + 1)...]))
        else { throw BlobStoreError.io(call: "parse(upload \(id))", errno: EIO) }
        let key = String(decoding: bytes[5..<newline], as: UTF8.self)
        return MultipartUpload(id: id, key: key, contentType: meta.contentType, userMetadata: meta.userMetadata, initiated: meta.lastModified)
    }

    private static func readParts(_ directory: Int32) throws -> [UploadedPart] {
        var parts: [UploadedPart] = []
        for name in BlobFiles.names(in: directory) {
            guard let number = BlobMetadata.objectName(ofSidecar: name).flatMap({ Int($0) }),
                  let bytes = try BlobFiles.readSmall(name, in: directory, limit: BlobMetadata.maxBytes),
                  let meta = BlobMetadata(parsing: bytes), BlobFiles.regularFileSize(String(number), in: directory) == meta.size
            else { continue }
            parts.append(UploadedPart(number: number, etag: meta.etag, size: meta.size, lastModified: meta.lastModified))
        }
        return parts.sorted { $0.number < $1.number }
    }

    static func isUploadID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// ETags compare without their quotes (clients send either form).
    private static func sameETag(_ a: String, _ b: String) -> Bool {
        a.filter { $0 != "\"" }.lowercased() == b.filter { $0 != "\"" }.lowercased()
    }

    private static func digestBytes(_ etag: String) -> [UInt8] {
        let hex = Array(etag.utf8.filter { $0 != UInt8(ascii: "\"") })
        return stride(from: 0, to: hex.count - 1, by: 2).map { UInt8(hexDigit(hex[$0]) << 4 | hexDigit(hex[$0 + 1])) }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") ? byte - UInt8(ascii: "a") + 10 : byte - UInt8(ascii: "0")
    }
}
