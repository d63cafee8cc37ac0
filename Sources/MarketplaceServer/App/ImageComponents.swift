import Marketplace
import Storage

/// Product images wired to the local blob store and SQLite: the part of the composition
/// root that serves `/blobs/...` and the seller's image routes.
struct ImageComponents: Sendable {
    let blobs: FileBlobStore
    let images: ProductImageService

    /// `generation` is the catalog's shared one: image changes move the listings' thumbnails.
    static func make(config: AppConfig, database: Database, generation: CatalogGeneration, clock: any WallClock,
                     logger: Logger) throws -> ImageComponents {
        let blobs = try FileBlobStore(dataDirectory: config.storage.dataDir, clock: clock)
        let images = ProductImageService(
            images: ProductImageStore(database: database), blobs: blobs, generation: generation, clock: clock,
            cleanupFailed: { location, error in
                logger.error("orphaned blob not removed", [("object", .string("\(location)")), ("error", .string("\(error)"))])
            })
        return ImageComponents(blobs: blobs, images: images)
    }

    func register(on router: inout Router, baseURL: PublicBaseURL) {
        BlobRoutes.register(on: &router, blobs: blobs)
        ProductImageRoutes.register(on: &router, images: images, baseURL: baseURL)
    }
}
