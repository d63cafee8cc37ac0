import Marketplace
import HTTPServer

/// `/api/v1/seller/products/{id}/images` (docs/API.md §3): upload and delete, SELLER only, on the
/// seller's own products (another seller's product is a 404).
enum ProductImageRoutes {
    static let tag = "seller-products"
    /// 10 MiB: larger bodies are refused with 413 (at once when Content-Length says so).
    static let maxBytes = 10 << 20

    static func register(on router: inout Router, images: ProductImageService, baseURL: PublicBaseURL) {
        router.add(.post, "/api/v1/seller/products/{id}/images", bodyLimit: maxBytes, spoolsBody: true,
                   access: .role(.seller), doc: uploadDoc) { request, principal in
            let product = productID(request)
            let upload = try await ImageUploadReader.read(request)
            let image = try await images.add(upload, to: product, by: principal)
            var response = Response.json(ProductImageResponse.body(image, baseURL: baseURL), status: 201)
            response.headers.add("Location", baseURL.blob("\(image.bucket)/\(image.key)"))
            return response
        }

        router.add(.delete, "/api/v1/seller/products/{id}/images/{imageId}", access: .role(.seller), doc: OperationDoc(
            "Delete an image; the others keep their positions and the thumbnail moves to the lowest", tag: tag, replies: [
                .init(status: 204, description: "deleted, and its object removed from the blob store", contentType: nil),
                .problem(404, "PRODUCT_NOT_FOUND (not yours, or deleted) or IMAGE_NOT_FOUND"),
            ])) { request, principal in
            let imageID = request.parameters["imageId"].flatMap { Int64($0) } ?? -1
            try await images.remove(imageID, from: productID(request), by: principal)
            return Response(status: 204)
        }
    }

    /// An unparseable id names no product: the same 404 as another seller's.
    private static func productID(_ request: Request) -> ProductID {
        ProductID(rawValue: request.parameters["id"].flatMap { Int64($0) } ?? -1)
    }

    static var uploadDoc: OperationDoc {
        var doc = OperationDoc(
            "Upload an image (JPEG, PNG, WebP or GIF, at most 10 MiB, at most 10 per product)", tag: tag,
            body: ("image/jpeg", .string(format: "binary", description: "the raw image; its magic bytes must match Content-Type")),
            replies: [
                .json(201, "the stored image; Location is its URL", .ref("ProductImage")),
                .problem(400, "INVALID_REQUEST: malformed multipart body, or no part named file"),
                .problem(404, "PRODUCT_NOT_FOUND: not yours, or deleted"),
                .problem(409, "IMAGE_LIMIT_REACHED: the product has 10 images"),
                .problem(413, "PAYLOAD_TOO_LARGE: the body exceeds 10 MiB"),
                .problem(415, "UNSUPPORTED_MEDIA_TYPE: not a JPEG, PNG, WebP or GIF, or not the declared type"),
                .problem(507, "INSUFFICIENT_STORAGE: the disk is full; nothing was stored"),
            ])
        doc.alternativeBodies = ["image/png", "image/webp", "image/gif"].map {
            ($0, .string(format: "binary", description: "the raw image; its magic bytes must match Content-Type"))
        } + [("multipart/form-data", .ref("ImageUploadForm"))]
        return doc
    }
}
