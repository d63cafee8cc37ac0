/// `POST /cart/items` `{productId, quantity}`; `PATCH /cart/items/{productId}` `{quantity}`.
/// Absent fields stay nil and the service names them; a wrong JSON type is a 400 from the decoder.
struct CartItemRequest: Decodable {
    let productId: Int64?
    let quantity: Int?
}
