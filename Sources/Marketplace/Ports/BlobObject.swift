/// An object's metadata, as S3's HEAD gives it.
public struct BlobObject: Sendable, Equatable {
    /// Its bucket and key.
    public let location: BlobLocation
    /// The media type it is served with.
    public let contentType: String
    /// Size in bytes.
    public let size: Int
    /// The quoted lowercase MD5 hex of the bytes (`"9e107d9d…"`), as S3 gives single-part objects.
    public let etag: String
    /// When it was stored, in Unix milliseconds.
    public let lastModified: Int64

    /// Creates an object's metadata.
    public init(location: BlobLocation, contentType: String, size: Int, etag: String, lastModified: Int64) {
        self.location = location
        self.contentType = contentType
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// An object opened for reading: its metadata and a file descriptor positioned anywhere,
/// to be read with `pread` or `sendfile`. The caller owns the descriptor and closes it.
public struct OpenedBlob: Sendable {
    /// The object's metadata; `size` is the file's size.
    public let object: BlobObject
    /// An open, read-only descriptor of the object's bytes.
    public let descriptor: Int32

    /// Pairs metadata and descriptor.
    public init(object: BlobObject, descriptor: Int32) {
        self.object = object
        self.descriptor = descriptor
    }
}
