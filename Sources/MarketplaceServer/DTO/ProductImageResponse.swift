import Marketplace

/// An image as the API shows it (docs/API.md §3): `{id, url, contentType, size, etag, position}`.
enum ProductImageResponse {
    static func write(_ image: ProductImage, baseURL: PublicBaseURL, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", image.id)
        json.member("url", baseURL.blob("\(image.bucket)/\(image.key)"))
        json.member("contentType", image.contentType)
        json.member("size", image.size)
        json.member("etag", image.etag)
        json.member("position", image.position)
        json.endObject()
    }

    static func body(_ image: ProductImage, baseURL: PublicBaseURL) -> [UInt8] {
        var json = JSONWriter()
        write(image, baseURL: baseURL, into: &json)
        return json.bytes
    }
}
