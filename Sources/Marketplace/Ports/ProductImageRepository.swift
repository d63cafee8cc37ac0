/// An image row to insert; the repository gives it an id and the next position.
public struct NewProductImage: Sendable, Equatable {
    /// Where the bytes are.
    public let location: BlobLocation
    /// The sniffed media type.
    public let contentType: String
    /// Size in bytes.
    public let size: Int
    /// Quoted MD5 hex.
    public let etag: String
    /// Unix milliseconds.
    public let createdAt: Int64

    /// Creates the row's values.
    public init(location: BlobLocation, contentType: String, size: Int, etag: String, createdAt: Int64) {
        self.location = location
        self.contentType = contentType
        self.size = size
        self.etag = etag
        self.createdAt = createdAt
    }
}

/// What adding an image came to; decided inside one write transaction.
public enum ImageAddition: Sendable, Equatable {
    case added(ProductImage)
    /// No live (not DELETED) product with this id belongs to the seller.
    case productNotFound
    /// The product already has `limit` images.
    case limitReached
}

/// What removing an image came to; decided inside one write transaction.
public enum ImageRemoval: Sendable, Equatable {
    case removed(ProductImage)
    case productNotFound
    case imageNotFound
}

/// Product images and the product's `thumbnailKey`, which every change here keeps equal to
/// the lowest-position image's `bucket/key` (nil without images) in the same transaction.
public protocol ProductImageRepository: Sendable {
    /// How many images the seller's live product has; nil when it is not theirs or not live.
    func imageCount(of product: ProductID, seller: UserID) async throws -> Int?

    /// Appends an image after the product's last position, unless the product is not the
    /// seller's live product or already has `limit` images.
    func add(_ image: NewProductImage, to product: ProductID, seller: UserID, limit: Int) async throws -> ImageAddition

    /// Removes one image of the seller's live product; the other positions stay as they are.
    func remove(_ imageID: Int64, from product: ProductID, seller: UserID, at time: Int64) async throws -> ImageRemoval
}
