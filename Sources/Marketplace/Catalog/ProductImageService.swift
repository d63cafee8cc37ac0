/// What sellers do with their products' images: upload (at most `maxImages` per product,
/// type checked by magic bytes, server-generated keys) and delete.
///
/// The blob is written before its row and removed after its row's transaction commits, so
/// a crash can leave an unreferenced object, never a row without bytes.
public struct ProductImageService: Sendable {
    /// At most this many images per product (docs/API.md §3).
    public static let maxImages = 10
    /// The bucket product images live in.
    public static let bucket = "images"

    let images: any ProductImageRepository
    let blobs: any BlobStore
    let generation: CatalogGeneration
    let clock: any WallClock
    /// Told when an object could not be removed after its row was (or after a failed add);
    /// the request still succeeds, and the orphan is left for an operator.
    let cleanupFailed: @Sendable (BlobLocation, any Error) -> Void

    /// Creates the service over its ports.
    public init(images: any ProductImageRepository, blobs: any BlobStore, generation: CatalogGeneration, clock: any WallClock,
                cleanupFailed: @escaping @Sendable (BlobLocation, any Error) -> Void) {
        self.images = images
        self.blobs = blobs
        self.generation = generation
        self.clock = clock
        self.cleanupFailed = cleanupFailed
    }

    /// Stores `upload` as the product's next image. Errors: 404 `PRODUCT_NOT_FOUND` (not the
    /// seller's, or deleted), 415 `UNSUPPORTED_MEDIA_TYPE`, 409 `IMAGE_LIMIT_REACHED`.
    public func add(_ upload: ImageUpload, to product: ProductID, by principal: Principal) async throws -> ProductImage {
        try Self.requireSeller(principal)
        // Cheap early answers; the write transaction below decides for good.
        guard let count = try await images.imageCount(of: product, seller: principal.userID) else { throw Self.productNotFound }
        let format = try Self.format(of: upload)
        guard count < Self.maxImages else { throw Self.limitReached }

        let location = try BlobLocation(bucket: Self.bucket, key: "products/\(product.rawValue)/\(Self.randomName()).\(format.fileExtension)")
        let object = try await blobs.put(location, contentType: format.mediaType, from: upload.source)
        let row = NewProductImage(location: location, contentType: object.contentType, size: object.size, etag: object.etag,
                                  createdAt: Int64((clock.now() * 1000).rounded()))
        let outcome: ImageAddition
        do {
            outcome = try await images.add(row, to: product, seller: principal.userID, limit: Self.maxImages)
        } catch {
            await removeBlob(location)
            throw error
        }
        switch outcome {
        case .added(let image):
            generation.advance()
            return image
        case .productNotFound:
            await removeBlob(location)
            throw Self.productNotFound
        case .limitReached:
            await removeBlob(location)
            throw Self.limitReached
        }
    }

    /// Deletes one image: the row (and the thumbnail moves to the next lowest position) in
    /// one transaction, then the object. Errors: 404 `PRODUCT_NOT_FOUND`, 404 `IMAGE_NOT_FOUND`.
    public func remove(_ imageID: Int64, from product: ProductID, by principal: Principal) async throws {
        try Self.requireSeller(principal)
        let now = Int64((clock.now() * 1000).rounded())
        switch try await images.remove(imageID, from: product, seller: principal.userID, at: now) {
        case .removed(let image):
            generation.advance()
            if let location = try? BlobLocation(bucket: image.bucket, key: image.key) { await removeBlob(location) }
        case .productNotFound:
            throw Self.productNotFound
        case .imageNotFound:
            throw MarketplaceError.notFound(code: "IMAGE_NOT_FOUND", detail: "This product has no image with this id.")
        }
    }

    /// The sniffed format, which must be the declared one when one was declared.
    static func format(of upload: ImageUpload) throws -> ImageFormat {
        guard let sniffed = ImageFormat.sniff(upload.magic) else {
            throw MarketplaceError.unsupportedMediaType(code: "UNSUPPORTED_MEDIA_TYPE",
                                                        detail: "The body is not a JPEG, PNG, WebP or GIF image.")
        }
        if let declared = upload.declaredType, ImageFormat(mediaType: declared) != sniffed {
            throw MarketplaceError.unsupportedMediaType(
                code: "UNSUPPORTED_MEDIA_TYPE",
                detail: "The body is \(sniffed.mediaType), but \(declared.isEmpty ? "no image type" : declared) was declared.")
        }
        return sniffed
    }

    private func removeBlob(_ location: BlobLocation) async {
        do { try await blobs.delete(location) } catch { cleanupFailed(location, error) }
    }

    /// 128 random bits in hex: keys are unguessable and never reused.
    static func randomName() -> String {
        var generator = SystemRandomNumberGenerator()
        let words = [generator.next() as UInt64, generator.next() as UInt64]
        return words.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    static func requireSeller(_ principal: Principal) throws {
        guard principal.has(.seller) else {
            throw MarketplaceError.forbidden(code: "FORBIDDEN_ROLE", detail: "This needs the SELLER role.")
        }
    }

    static let productNotFound = MarketplaceError.notFound(code: "PRODUCT_NOT_FOUND", detail: "You have no product with this id.")
    /// The detail of 409 `IMAGE_LIMIT_REACHED`.
    public static let limitReachedDetail = "A product has at most \(maxImages) images; delete one first."
    static let limitReached = MarketplaceError.conflict(code: "IMAGE_LIMIT_REACHED", detail: limitReachedDetail)
}
