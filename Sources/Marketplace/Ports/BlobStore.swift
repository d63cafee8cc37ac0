/// Where `put` takes an object's bytes from.
public enum BlobSource: Sendable {
    /// Bytes in memory (small objects, tests).
    case bytes([UInt8])
    /// A byte range of a file, copied (a part of a spooled multipart body).
    case file(path: String, range: Range<Int>)
    /// A whole file the store takes over: moved in when it can be (a spooled raw body), else
    /// copied. The file is gone after a successful `put` when it was moved.
    case movingFile(path: String)
}

/// An S3-style object store: buckets of immutable objects under keys. Objects appear whole
/// or not at all, and a key never gets a second object.
public protocol BlobStore: Sendable {
    /// Stores a new object; throws `BlobStoreError.alreadyExists` when the key is taken and
    /// `.insufficientStorage` when the disk is full (nothing stored in either case).
    func put(_ location: BlobLocation, contentType: String, from source: BlobSource) async throws -> BlobObject

    /// The object's metadata, or nil when there is none.
    func head(_ location: BlobLocation) async throws -> BlobObject?

    /// The object opened for reading (metadata and a descriptor the caller closes), or nil.
    func open(_ location: BlobLocation) async throws -> OpenedBlob?

    /// The object's metadata and all its bytes, or nil.
    func get(_ location: BlobLocation) async throws -> (object: BlobObject, bytes: [UInt8])?

    /// Removes the object; false when there was none.
    @discardableResult
    func delete(_ location: BlobLocation) async throws -> Bool

    /// The bucket's objects whose keys start with `prefix`, by key.
    func list(bucket: String, prefix: String) async throws -> [BlobObject]
}
