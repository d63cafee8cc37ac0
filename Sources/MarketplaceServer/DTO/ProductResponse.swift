import Marketplace

/// Products as the API shows them (docs/API.md §3).
enum ProductResponse {
    /// A listing item: `{id, sellerId, name, price, stock, soldOut, category, taxFree, status, thumbnailUrl, createdAt}`.
    static func writeSummary(_ product: ProductSummary, baseURL: PublicBaseURL, into json: inout JSONWriter) {
        json.beginObject()
        writeCommonMembers(product, description: nil, into: &json)
        json.member("thumbnailUrl", product.thumbnailKey.map(baseURL.blob))
        json.member("createdAt", utcMillis: product.createdAt)
        json.endObject()
    }

    /// A product: `{id, sellerId, name, description, price, stock, soldOut, category, taxFree,
    /// status, images, createdAt, updatedAt}`.
    static func write(_ product: Product, baseURL: PublicBaseURL, into json: inout JSONWriter) {
        json.beginObject()
        writeCommonMembers(product.summary, description: product.description, into: &json)
        json.key("images")
        json.beginArray()
        for image in product.images { ProductImageResponse.write(image, baseURL: baseURL, into: &json) }
        json.endArray()
        json.member("createdAt", utcMillis: product.createdAt)
        json.member("updatedAt", utcMillis: product.updatedAt)
        json.endObject()
    }

    /// The members both shapes share, in the contract's order (`description` only in the full one).
    private static func writeCommonMembers(_ product: ProductSummary, description: String?, into json: inout JSONWriter) {
        json.member("id", product.id.rawValue)
        json.member("sellerId", product.sellerID.rawValue)
        json.member("name", product.name)
        if let description { json.member("description", description) }
        json.member("price", product.price)
        json.member("stock", product.stock)
        json.member("soldOut", product.soldOut)
        json.member("category", product.category)
        json.member("taxFree", product.taxFree)
        json.member("status", product.status.rawValue)
    }

    static func body(_ product: Product, baseURL: PublicBaseURL) -> [UInt8] {
        var json = JSONWriter(capacity: 512 + product.description.utf8.count + product.images.count * 200)
        write(product, baseURL: baseURL, into: &json)
        return json.bytes
    }

    /// A page of listing items (docs/API.md §1 page shape).
    static func page(_ page: Page<ProductSummary>, baseURL: PublicBaseURL) -> [UInt8] {
        PageResponse.body(page) { product, json in writeSummary(product, baseURL: baseURL, into: &json) }
    }

    /// `[{"name": "books", "productCount": 12}, …]`.
    static func categories(_ categories: [CategoryCount]) -> [UInt8] {
        var json = JSONWriter(capacity: 64 + categories.count * 48)
        json.beginArray()
        for category in categories {
            json.beginObject()
            json.member("name", category.name)
            json.member("productCount", category.productCount)
            json.endObject()
        }
        json.endArray()
        return json.bytes
    }
}
