/// One image of a product, stored as an object in the blob store.
public struct ProductImage: Sendable, Equatable {
    /// The image's id.
    public let id: Int64
    /// The product it belongs to.
    public let productID: ProductID
    /// 0-based order among the product's images; the lowest is the thumbnail.
    public let position: Int
    /// Where the bytes live: bucket and server-generated key.
    public let bucket: String
    /// The object key inside `bucket`.
    public let key: String
    /// `image/jpeg`, `image/png`, `image/webp` or `image/gif`, as the magic bytes say.
    public let contentType: String
    /// Size in bytes.
    public let size: Int
    /// Quoted MD5 hex of the bytes, as S3 gives it.
    public let etag: String
    /// Unix milliseconds.
    public let createdAt: Int64

    /// Creates an image record.
    public init(id: Int64, productID: ProductID, position: Int, bucket: String, key: String, contentType: String,
                size: Int, etag: String, createdAt: Int64) {
        self.id = id
        self.productID = productID
        self.position = position
        self.bucket = bucket
        self.key = key
        self.contentType = contentType
        self.size = size
        self.etag = etag
        self.createdAt = createdAt
    }
}
