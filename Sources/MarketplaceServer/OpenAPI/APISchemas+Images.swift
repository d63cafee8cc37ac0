/// Component schemas of product images (docs/API.md §3).
extension APISchemas {
    static let imageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"]

    static let productImage = Schema.object([
        ("id", .integer(minimum: 1)),
        ("url", .string(format: "uri", description: "GET /blobs/{bucket}/{key}; immutable, cacheable for a year")),
        ("contentType", .string(values: imageTypes)),
        ("size", .integer(minimum: 1, maximum: 10 << 20)),
        ("etag", .string(pattern: "^\"[0-9a-f]{32}\"$", description: "quoted MD5 hex of the bytes, as S3 gives it")),
        ("position", .integer(minimum: 0, description: "the lowest position is the product's thumbnail; deletions leave gaps")),
    ], required: ["id", "url", "contentType", "size", "etag", "position"])

    static let imageUploadForm = Schema.object([
        ("file", .string(format: "binary", description: "the image; the part's Content-Type, if any, must match its magic bytes")),
    ], required: ["file"], open: true)

    static var images: [(String, Schema)] {
        [("ProductImage", productImage), ("ImageUploadForm", imageUploadForm)]
    }
}
