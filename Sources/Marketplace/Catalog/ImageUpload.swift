/// An image a seller sends, as the HTTP layer found it in the request body.
public struct ImageUpload: Sendable {
    /// The media type the client declared for it (`Content-Type`, or the multipart part's);
    /// nil when it declared none, and the magic bytes decide alone.
    public let declaredType: String?
    /// Its first bytes (up to `ImageFormat.magicLength`), for sniffing.
    public let magic: [UInt8]
    /// Its size in bytes.
    public let size: Int
    /// Where the blob store takes its bytes from.
    public let source: BlobSource

    /// Creates an upload.
    public init(declaredType: String?, magic: [UInt8], size: Int, source: BlobSource) {
        self.declaredType = declaredType
        self.magic = magic
        self.size = size
        self.source = source
    }
}
