import Glibc
import Synchronization
import Marketplace

extension FileBlobStore {
    /// Bytes are copied through a buffer this large (and hashed on the way).
    static let copyChunk = 256 << 10

    /// How `/s3` writes differ from the image store's `put`.
    struct S3Write {
        /// `x-amz-meta-*`, kept in the sidecar.
        var userMetadata: [String: String] = [:]
        /// A multipart object's `"md5-of-md5s-N"` instead of the bytes' MD5.
        var etag: String? = nil
    }

    /// `put`, on the store's queue: temporary files, fsync, renames, directory fsync.
    ///
    /// With `s3` set, an existing object is replaced (S3's PutObject) and the bucket must
    /// exist already. Replacing is atomic for readers: the new bytes are renamed over the old
    /// ones, then the new sidecar over the old one, under `commitLock` (so two writers of one
    /// key cannot interleave their renames), and the sidecar names the inode of its bytes, so a
    /// reader between the two renames sees the mismatch and reads again (`openObject`). If a
    /// replace fails between the renames, the key ends up with no object, never a mixed one.
    func store(_ location: BlobLocation, contentType: String, from source: BlobSource, s3: S3Write? = nil) throws -> BlobObject {
        guard (1...255).contains(contentType.utf8.count), contentType.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw BlobStoreError.invalidContentType
        }
        guard let bucket = try BlobFiles.openDirectory(location.bucket[...], in: rootFD, create: s3 == nil) else {
            if s3 != nil { throw ObjectStoreError.noSuchBucket }
            throw BlobStoreError.io(call: "openat(\(location.bucket))", errno: ENOTDIR)
        }
        defer { close(bucket) }
        let name = location.segments.last!
        var temporaries: [String] = []   // in `bucket`, removed on failure
        var placed: [String] = []        // in the object's directory, removed on failure
        var directory: Int32 = -1
        defer { if directory >= 0 { close(directory) } }
        do {
            let data = try writeTemporary(from: source, in: bucket, temporaries: &temporaries)
            let object = BlobObject(location: location, contentType: contentType, size: data.size,
                                    etag: s3?.etag ?? MD5.etag(data.digest), lastModified: Int64((clock.now() * 1000).rounded()))
            var meta = BlobMetadata(contentType: contentType, size: object.size, etag: object.etag, lastModified: object.lastModified)
            if let s3 {
                var info = stat()
                guard fstatat(bucket, data.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw BlobFiles.failure("fstatat", errno) }
                meta.inode = UInt64(info.st_ino)
                meta.userMetadata = s3.userMetadata
            }
            let sidecar = try writeTemporary(from: .bytes(meta.encoded()), in: bucket, temporaries: &temporaries)

            guard let opened = try BlobFiles.openPath(location.segments.dropLast(), in: bucket, create: true) else {
                throw BlobStoreError.io(call: "openat(\(location)): a file stands where a directory should", errno: ENOTDIR)
            }
            directory = opened
            let sidecarName = BlobMetadata.fileName(for: name)
            try commitLock.withLock { _ throws in
                if s3 == nil, BlobFiles.regularFileSize(sidecarName, in: directory) != nil { throw BlobStoreError.alreadyExists }
                // Bytes first, then the sidecar that makes them an object.
                for (temporary, final) in [(data.name, String(name)), (sidecar.name, sidecarName)] {
                    guard renameat(bucket, temporary, directory, final) == 0 else {
                        // A replace that renamed its bytes over the old ones cannot bring them back: no object then.
                        if s3 != nil, !placed.isEmpty { unlinkat(directory, sidecarName, 0) }
                        throw BlobFiles.failure("renameat", errno)
                    }
                    temporaries.removeAll { $0 == temporary }
                    placed.append(final)
                }
            }
            try BlobFiles.sync(directory)
            return object
        } catch {
            for temporary in temporaries { unlinkat(bucket, temporary, 0) }
            for final in placed.reversed() { unlinkat(directory, final, 0) }
            throw error
        }
    }

    /// Writes `source` to a new temporary file in `bucket` and fsyncs it; a moving file is
    /// renamed there instead when it lies on the same file system.
    func writeTemporary(from source: BlobSource, in bucket: Int32,
                                temporaries: inout [String]) throws -> (name: String, size: Int, digest: [UInt8]) {
        if case .movingFile(let path) = source, let moved = try moveIn(path, to: bucket) {
            temporaries.append(moved)
            let (size, digest) = try hashAndSync(moved, in: bucket)
            return (moved, size, digest)
        }
        let (fd, name) = try BlobFiles.createTemporary(in: bucket)
        temporaries.append(name)
        defer { close(fd) }
        var md5 = MD5()
        var size = 0
        switch source {
        case .bytes(let bytes):
            try bytes.withUnsafeBytes { buffer in
                md5.update(buffer)
                try BlobFiles.writeAll(fd, buffer, writer)
            }
            size = bytes.count
        case .file(let path, let range):
            size = try copy(path, range: range, to: fd, md5: &md5)
        case .movingFile(let path):
            size = try copy(path, range: nil, to: fd, md5: &md5)
        }
        try BlobFiles.sync(fd)
        return (name, size, md5.finish())
    }

    /// Renames `path` into `bucket` under a temporary name; nil when it is on another file system.
    private func moveIn(_ path: String, to bucket: Int32) throws(BlobStoreError) -> String? {
        var generator = SystemRandomNumberGenerator()
        let name = BlobFiles.temporaryPrefix + String(generator.next() as UInt64, radix: 36)
        if renameat(AT_FDCWD, path, bucket, name) == 0 { return name }
        if errno == EXDEV { return nil }
        throw errno == ENOENT ? .unreadableSource("\(path) does not exist") : BlobFiles.failure("renameat(\(path))", errno)
    }

    /// Hashes a file already in place, makes it world-readable (spooled bodies are 0600) and fsyncs it.
    private func hashAndSync(_ name: String, in bucket: Int32) throws -> (Int, [UInt8]) {
        let fd = openat(bucket, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw BlobFiles.failure("openat(\(name))", errno) }
        defer { close(fd) }
        var md5 = MD5()
        let size = try hash(fd, range: nil, md5: &md5) { _ in }
        _ = fchmod(fd, 0o644)
        try BlobFiles.sync(fd)
        return (size, md5.finish())
    }

    private func copy(_ path: String, range: Range<Int>?, to target: Int32, md5: inout MD5) throws -> Int {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BlobStoreError.unreadableSource("cannot open \(path) (errno \(errno))") }
        defer { close(fd) }
        let writer = self.writer
        return try hash(fd, range: range, md5: &md5) { chunk in try BlobFiles.writeAll(target, chunk, writer) }
    }

    /// Reads `range` of `fd` (all of it when nil) in chunks, hashing each and handing it to `sink`.
    private func hash(_ fd: Int32, range: Range<Int>?, md5: inout MD5,
                      sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: Self.copyChunk)
        var offset = range?.lowerBound ?? 0
        let end = range?.upperBound ?? Int.max
        while offset < end {
            let want = min(buffer.count, end - offset)
            let n = try buffer.withUnsafeMutableBytes { raw in
                try BlobFiles.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<want]), at: offset)
            }
            if n == 0 {
                if range == nil { break }
                throw BlobStoreError.unreadableSource("the file ends before byte \(end)")
            }
            try buffer.withUnsafeBytes { raw in
                let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                md5.update(chunk)
                try sink(chunk)
            }
            offset += n
        }
        return offset - (range?.lowerBound ?? 0)
    }
}
