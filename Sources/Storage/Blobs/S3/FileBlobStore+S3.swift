import Glibc
public import Marketplace

/// The operations `/s3` adds to the file store (docs/API.md §9): buckets as top-level
/// directories, objects that can be replaced, with their user metadata.
extension FileBlobStore {
    /// Every bucket, by name.
    public func buckets() async throws -> [StoredBucket] {
        try await onQueue {
            BlobFiles.names(in: self.rootFD).filter { (try? BlobLocation.checkBucket($0)) != nil && BlobFiles.isDirectory($0, in: self.rootFD) }
                .sorted().map { name in
                    var info = stat()
                    _ = fstatat(self.rootFD, name, &info, AT_SYMLINK_NOFOLLOW)
                    return StoredBucket(name: name, created: Int64(info.st_ctim.tv_sec))
                }
        }
    }

    /// Whether the bucket exists.
    public func bucketExists(_ name: String) -> Bool {
        (try? BlobLocation.checkBucket(name)) != nil && BlobFiles.isDirectory(name, in: rootFD)
    }

    /// Creates the bucket; `.bucketExists` when it is there already.
    public func createBucket(_ name: String) async throws {
        try BlobLocation.checkBucket(name)
        try await onQueue {
            if mkdirat(self.rootFD, name, 0o755) != 0 {
                throw errno == EEXIST ? ObjectStoreError.bucketExists : BlobFiles.failure("mkdirat(\(name))", errno)
            }
            try BlobFiles.sync(self.rootFD)
        }
    }

    /// Removes an empty bucket (no object in it; leftover empty directories, temporary files
    /// and its unfinished multipart uploads go with it).
    public func deleteBucket(_ name: String) async throws {
        try BlobLocation.checkBucket(name)
        try await onQueue {
            guard let bucket = try BlobFiles.openDirectory(name[...], in: self.rootFD, create: false) else { throw ObjectStoreError.noSuchBucket }
            defer { close(bucket) }
            if try Self.holdsObject(bucket) { throw ObjectStoreError.bucketNotEmpty }
            try Self.removeContents(of: bucket)
            guard unlinkat(self.rootFD, name, AT_REMOVEDIR) == 0 else {
                throw errno == ENOTEMPTY ? ObjectStoreError.bucketNotEmpty : BlobFiles.failure("rmdir(\(name))", errno)
            }
            try self.removeUploads(of: name)
            try BlobFiles.sync(self.rootFD)
        }
    }

    /// Stores `source` at `location`, replacing any object there, with `userMetadata` kept in
    /// the sidecar; the bucket must exist. See `store(_:contentType:from:s3:)` for atomicity.
    public func replace(_ location: BlobLocation, contentType: String, userMetadata: [String: String],
                        from source: BlobSource) async throws -> BlobObject {
        try await onQueue {
            try self.store(location, contentType: contentType, from: source, s3: S3Write(userMetadata: userMetadata))
        }
    }

    /// The object and its user metadata, opened (the caller closes the descriptor), or nil.
    public func openStoredObject(_ location: BlobLocation) throws -> (stored: StoredObject, descriptor: Int32)? {
        guard let found = try openStored(location) else { return nil }
        return (StoredObject(object: found.object, userMetadata: found.meta.userMetadata), found.descriptor)
    }

    /// The bucket's objects whose keys start with `prefix`, ordered by the UTF-8 bytes of
    /// their keys (S3's order); `.noSuchBucket` when the bucket is missing.
    public func listObjects(bucket: String, prefix: String) async throws -> [BlobObject] {
        try BlobLocation.checkBucket(bucket)
        guard bucketExists(bucket) else { throw ObjectStoreError.noSuchBucket }
        let found = try await list(bucket: bucket, prefix: prefix)
        return found.sorted { Array($0.location.key.utf8).lexicographicallyPrecedes(Array($1.location.key.utf8)) }
    }

    /// Whether any sidecar lies in the tree below `directory`.
    private static func holdsObject(_ directory: Int32) throws -> Bool {
        for name in BlobFiles.names(in: directory) {
            if BlobMetadata.objectName(ofSidecar: name) != nil { return true }
            if !name.hasPrefix("."), BlobFiles.isDirectory(name, in: directory),
               let child = try BlobFiles.openDirectory(name[...], in: directory, create: false) {
                defer { close(child) }
                if try holdsObject(child) { return true }
            }
        }
        return false
    }

    /// Removes every file and directory below `directory`.
    static func removeContents(of directory: Int32) throws {
        for name in BlobFiles.names(in: directory) {
            if BlobFiles.isDirectory(name, in: directory) {
                if let child = try BlobFiles.openDirectory(name[...], in: directory, create: false) {
                    defer { close(child) }
                    try removeContents(of: child)
                }
                _ = unlinkat(directory, name, AT_REMOVEDIR)
            } else {
                _ = unlinkat(directory, name, 0)
            }
        }
    }
}
