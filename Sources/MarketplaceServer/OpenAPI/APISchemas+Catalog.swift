/// Component schemas of the catalog (docs/API.md §3).
extension APISchemas {
    static let productStatusValues = ["ON_SALE", "HIDDEN"]
    static let categorySchema = Schema.string(minLength: 1, maxLength: 50, pattern: "^[a-z0-9-]{1,50}$")

    static let productSummary = Schema.object([
        ("id", .integer(minimum: 1)),
        ("sellerId", .integer(minimum: 1)),
        ("name", .string(minLength: 1, maxLength: 100)),
        ("price", .integer(minimum: 0, maximum: 1_000_000_000, description: "whole KRW")),
        ("stock", .integer(minimum: 0, maximum: 1_000_000)),
        ("soldOut", .boolean),
        ("category", categorySchema),
        ("taxFree", .boolean),
        ("status", .string(values: productStatusValues)),
        ("thumbnailUrl", .nullable(.string(format: "uri", description: "the lowest-position image's URL"))),
        ("createdAt", .string(format: "date-time")),
    ], required: ["id", "sellerId", "name", "price", "stock", "soldOut", "category", "taxFree", "status", "thumbnailUrl", "createdAt"])

    static let product = Schema.object([
        ("id", .integer(minimum: 1)),
        ("sellerId", .integer(minimum: 1)),
        ("name", .string(minLength: 1, maxLength: 100)),
        ("description", .string(maxLength: 5000)),
        ("price", .integer(minimum: 0, maximum: 1_000_000_000, description: "whole KRW")),
        ("stock", .integer(minimum: 0, maximum: 1_000_000)),
        ("soldOut", .boolean),
        ("category", categorySchema),
        ("taxFree", .boolean),
        ("status", .string(values: productStatusValues)),
        ("images", .array(.ref("ProductImage"), maxItems: 10)),
        ("createdAt", .string(format: "date-time")),
        ("updatedAt", .string(format: "date-time")),
    ], required: ["id", "sellerId", "name", "description", "price", "stock", "soldOut", "category", "taxFree", "status",
                  "images", "createdAt", "updatedAt"])

    static func productFields() -> [(String, Schema)] {
        [
            ("name", .string(minLength: 1, maxLength: 100, pattern: notBlankPattern, description: "not blank, no control characters")),
            ("description", .string(maxLength: 5000, pattern: noNulPattern, description: "line breaks and tabs allowed, NUL not")),
            ("price", .integer(minimum: 0, maximum: 1_000_000_000, description: "whole KRW")),
            ("stock", .integer(minimum: 0, maximum: 1_000_000)),
            ("category", categorySchema),
            ("taxFree", .boolean),
            ("status", .string(values: productStatusValues)),
        ]
    }

    static let createProductRequest = Schema.object(productFields(), required: ["name", "price", "stock", "category"])
    /// Absent fields stay as they are; `null` is refused (no field can be cleared).
    static let updateProductRequest = Schema.object(productFields())

    static let categoryCount = Schema.object([
        ("name", categorySchema), ("productCount", .integer(minimum: 1)),
    ], required: ["name", "productCount"])

    static var catalog: [(String, Schema)] {
        [
            ("ProductSummary", productSummary), ("ProductSummaryPage", .page(of: .ref("ProductSummary"))), ("Product", product),
            ("CreateProductRequest", createProductRequest), ("UpdateProductRequest", updateProductRequest),
            ("CategoryCount", categoryCount),
        ]
    }
}
