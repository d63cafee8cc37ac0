public import Marketplace

/// What `/s3`'s operations on the file store can refuse beyond `BlobStoreError`; each is one
/// of S3's error codes, which the S3 handlers name.
public enum ObjectStoreError: Error, Sendable, Equatable {
    /// NoSuchBucket (404).
    case noSuchBucket
    /// BucketNotEmpty (409).
    case bucketNotEmpty
    /// BucketAlreadyOwnedByYou (409).
    case bucketExists
    /// NoSuchUpload (404).
    case noSuchUpload
    /// InvalidPart (400): a listed part was never uploaded, or its ETag differs.
    case invalidPart(Int)
    /// InvalidPartOrder (400): part numbers not ascending.
    case invalidPartOrder
    /// EntityTooSmall (400): a part other than the last is under 5 MiB.
    case entityTooSmall(part: Int, size: Int)
}

/// An object as `/s3` sees it: the store's metadata and its `x-amz-meta-*`.
public struct StoredObject: Sendable {
    public let object: BlobObject
    public let userMetadata: [String: String]
}

/// A bucket: a top-level directory of the store.
public struct StoredBucket: Sendable {
    public let name: String
    /// Unix seconds of the directory's last status change (the nearest a directory has to a creation date).
    public let created: Int64
}
