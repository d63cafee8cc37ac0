/// `POST /cart/items` `{productId, quantity}`. Absent fields stay nil and the service names
/// them; a wrong JSON type is a 400 from the decoder.
struct AddCartItemRequest: Decodable {
    let productId: Int64?
    let quantity: Int?
}

/// `PATCH /cart/items/{productId}` `{quantity}`: the product is the path's, so a `productId`
/// in the body is an unknown field.
struct SetCartItemRequest: Decodable {
    let quantity: Int?
}
