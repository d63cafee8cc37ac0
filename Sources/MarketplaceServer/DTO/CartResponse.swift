import Marketplace

/// `{items: [{productId, name, price, quantity, subtotal, available, thumbnailUrl}], totalQuantity, totalPrice}` (docs/API.md §4).
enum CartResponse {
    static func body(_ cart: Cart, baseURL: PublicBaseURL) -> [UInt8] {
        var json = JSONWriter(capacity: 128 + cart.items.count * 200)
        json.beginObject()
        json.key("items")
        json.beginArray()
        for item in cart.items {
            json.beginObject()
            json.member("productId", item.productID.rawValue)
            json.member("name", item.name)
            json.member("price", item.price)
            json.member("quantity", item.quantity)
            json.member("subtotal", item.subtotal)
            json.member("available", item.available)
            json.member("thumbnailUrl", item.thumbnailKey.map(baseURL.blob))
            json.endObject()
        }
        json.endArray()
        json.member("totalQuantity", cart.totalQuantity)
        json.member("totalPrice", cart.totalPrice)
        json.endObject()
        return json.bytes
    }
}
