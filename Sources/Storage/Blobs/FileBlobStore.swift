import Dispatch
import Glibc
public import Marketplace
import Synchronization

/// The default `BlobStore`: a local directory laid out as S3 would be, with each object's
/// bytes at `<root>/<bucket>/<key>` (served with sendfile, or by nginx) and its metadata in
/// a sidecar `.<name>.meta` beside it (see `BlobMetadata`).
///
/// A put writes the bytes and the sidecar to temporary files in the bucket's directory,
/// fsyncs them, renames the bytes into place and then the sidecar, and fsyncs the
/// directory. The sidecar is the commit record: an object exists once its sidecar does, so
/// a crash at any point leaves no half object visible (at worst an unreferenced file, which
/// the next start sweeps when it is a temporary one). Delete removes the sidecar first.
///
/// Every path is walked with `openat` from the root's descriptor without following links,
/// after `BlobLocation` has already refused `..`, absolute keys, NUL and backslashes.
/// Metadata-sized reads (`head`, `open`) run on the caller's thread: a few system calls on
/// cached directory entries, like nginx's `open()`. Bulk work (`put`, `get`, `delete`,
/// `list`) runs on the store's own queue, never on an event loop or the cooperative pool.
public final class FileBlobStore: BlobStore {
    /// `<dataDir>/blobs`.
    public let root: String
    let rootFD: Int32
    let clock: any WallClock
    let writer: BlobWriter
    private let queue = DispatchQueue(label: "storage.blobs", attributes: .concurrent)
    /// Held around the renames that commit a write, so two writes of one key never interleave.
    let commitLock = Mutex(())

    /// Uses (and creates when missing) `<dataDir>/blobs`, and sweeps temporary files that a
    /// crashed process left in its buckets.
    public convenience init(dataDirectory: String, clock: any WallClock) throws {
        let base = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        try self.init(root: base + "/blobs", clock: clock, writer: .system)
    }

    init(root: String, clock: any WallClock, writer: BlobWriter) throws {
        if mkdir(root, 0o755) != 0 && errno != EEXIST { throw BlobFiles.failure("mkdir(\(root))", errno) }
        let fd = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw BlobFiles.failure("open(\(root))", errno) }
        self.root = root
        rootFD = fd
        self.clock = clock
        self.writer = writer
        sweepTemporaryFiles()
    }

    deinit { close(rootFD) }

    public func put(_ location: BlobLocation, contentType: String, from source: BlobSource) async throws -> BlobObject {
        try await onQueue { try self.store(location, contentType: contentType, from: source) }
    }

    public func head(_ location: BlobLocation) async throws -> BlobObject? {
        guard let directory = try BlobFiles.openPath(directories(of: location), in: rootFD, create: false) else { return nil }
        defer { close(directory) }
        guard let object = try metadata(of: location, in: directory),
              BlobFiles.regularFileSize(String(location.segments.last!), in: directory) == object.size
        else { return nil }
        return object
    }

    public func open(_ location: BlobLocation) async throws -> OpenedBlob? {
        try openObject(location)
    }

    public func get(_ location: BlobLocation) async throws -> (object: BlobObject, bytes: [UInt8])? {
        try await onQueue {
            guard let opened = try self.openObject(location) else { return nil }
            defer { close(opened.descriptor) }
            var bytes = [UInt8](repeating: 0, count: opened.object.size)
            var count = 0
            while count < bytes.count {
                let n = try bytes.withUnsafeMutableBytes { buffer throws(BlobStoreError) in
                    try BlobFiles.read(opened.descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]), at: count)
                }
                if n == 0 { throw BlobStoreError.io(call: "pread", errno: EIO) }   // truncated behind our back
                count += n
            }
            return (opened.object, bytes)
        }
    }

    @discardableResult
    public func delete(_ location: BlobLocation) async throws -> Bool {
        try await onQueue {
            guard let directory = try BlobFiles.openPath(self.directories(of: location), in: self.rootFD, create: false) else {
                return false
            }
            defer { close(directory) }
            let name = String(location.segments.last!)
            // The sidecar first: from here on the object does not exist, even if we crash.
            let existed = unlinkat(directory, BlobMetadata.fileName(for: name[...]), 0) == 0
            if !existed && errno != ENOENT { throw BlobFiles.failure("unlinkat(metadata)", errno) }
            if unlinkat(directory, name, 0) != 0 && errno != ENOENT { throw BlobFiles.failure("unlinkat", errno) }
            try BlobFiles.sync(directory)
            return existed
        }
    }

    public func list(bucket: String, prefix: String) async throws -> [BlobObject] {
        try BlobLocation.checkBucket(bucket)
        try BlobLocation.checkKey(prefix, allowTrailingSlash: true)
        return try await onQueue { try self.objects(in: bucket, prefix: prefix) }
    }

    // MARK: helpers shared by the extensions

    /// The bucket, then every key segment but the last.
    func directories(of location: BlobLocation) -> [Substring] {
        [location.bucket[...]] + location.segments.dropLast()
    }

    func metadata(of location: BlobLocation, named name: Substring? = nil, in directory: Int32) throws(BlobStoreError) -> BlobObject? {
        let name = name ?? location.segments.last!
        guard let bytes = try BlobFiles.readSmall(BlobMetadata.fileName(for: name), in: directory, limit: BlobMetadata.maxBytes)
        else { return nil }
        guard let meta = BlobMetadata(parsing: bytes) else { throw .io(call: "parse(\(location).meta)", errno: EIO) }
        return BlobObject(location: location, contentType: meta.contentType, size: meta.size, etag: meta.etag,
                          lastModified: meta.lastModified)
    }

    func openObject(_ location: BlobLocation) throws(BlobStoreError) -> OpenedBlob? {
        try openStored(location).map { OpenedBlob(object: $0.object, descriptor: $0.descriptor) }
    }

    /// The sidecar, then the bytes it names. A sidecar that records an inode must name the
    /// file opened: when it does not (an overwrite between its two renames) both are read
    /// again — once under `commitLock`, which a writer of this process holds across both
    /// renames, so that pair is consistent; then, for a writer in another process sharing the
    /// directory, a few more times a little later — before the mismatch counts as damage.
    func openStored(_ location: BlobLocation) throws(BlobStoreError) -> (object: BlobObject, meta: BlobMetadata, descriptor: Int32)? {
        let segments = location.segments
        guard let directory = try BlobFiles.openPath([location.bucket[...]] + segments.dropLast(), in: rootFD, create: false) else {
            return nil
        }
        defer { close(directory) }
        let name = segments.last!
        for attempt in 0..<6 {
            let found: OpenAttempt
            if attempt == 1 {
                found = try commitLock.withLock { _ throws(BlobStoreError) in try Self.openOnce(location, name, in: directory) }
            } else {
                if attempt > 1 { usleep(UInt32(1000 << attempt)) }
                found = try Self.openOnce(location, name, in: directory)
            }
            switch found {
            case .missing: return nil
            case .opened(let meta, let fd):
                let object = BlobObject(location: location, contentType: meta.contentType, size: meta.size, etag: meta.etag,
                                        lastModified: meta.lastModified)
                return (object, meta, fd)
            case .mismatch: continue
            }
        }
        throw .io(call: "fstat(\(location)): not the file its metadata records", errno: EIO)
    }

    enum OpenAttempt: Sendable {
        case missing
        case opened(BlobMetadata, Int32)
        case mismatch
    }

    private static func openOnce(_ location: BlobLocation, _ name: Substring, in directory: Int32) throws(BlobStoreError) -> OpenAttempt {
        guard let bytes = try BlobFiles.readSmall(BlobMetadata.fileName(for: name), in: directory, limit: BlobMetadata.maxBytes)
        else { return .missing }
        guard let meta = BlobMetadata(parsing: bytes) else { throw .io(call: "parse(\(location).meta)", errno: EIO) }
        let fd = openat(directory, String(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ELOOP { return .missing }
            throw BlobFiles.failure("openat(object)", errno)
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == meta.size,
           meta.inode == nil || meta.inode == UInt64(info.st_ino) {
            return .opened(meta, fd)
        }
        close(fd)
        return .mismatch
    }

    private func sweepTemporaryFiles() {
        for bucket in BlobFiles.names(in: rootFD) where !bucket.hasPrefix(".") {
            guard let directory = try? BlobFiles.openDirectory(bucket[...], in: rootFD, create: false) else { continue }
            Self.removeTemporaries(in: directory)
            close(directory)
        }
        // And in each multipart upload's directory (`.uploads/<bucket>/<id>/`): parts and assemblies cut short.
        guard let uploads = try? BlobFiles.openDirectory(Self.uploadsDirectory[...], in: rootFD, create: false) else { return }
        defer { close(uploads) }
        for bucket in BlobFiles.names(in: uploads) {
            guard let perBucket = try? BlobFiles.openDirectory(bucket[...], in: uploads, create: false) else { continue }
            for id in BlobFiles.names(in: perBucket) {
                guard let upload = try? BlobFiles.openDirectory(id[...], in: perBucket, create: false) else { continue }
                Self.removeTemporaries(in: upload)
                close(upload)
            }
            close(perBucket)
        }
    }

    private static func removeTemporaries(in directory: Int32) {
        for name in BlobFiles.names(in: directory) where name.hasPrefix(BlobFiles.temporaryPrefix) {
            unlinkat(directory, name, 0)
        }
    }

    func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
