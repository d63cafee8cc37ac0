import Marketplace
import HTTPServer

/// `/api/v1/customer/cart…` (docs/API.md §4): the caller's cart, CUSTOMER only.
enum CartRoutes {
    static let tag = "cart"
    /// Cart bodies are a product id and a quantity: 4 KiB is ample (413 beyond).
    static let bodyLimit = 4 * 1024

    static func register(on router: inout Router, carts: CartService, baseURL: PublicBaseURL) {
        let cartReply = OperationDoc.Reply.json(200, "the cart with live prices", .ref("Cart"))

        router.add(.get, "/api/v1/customer/cart", access: .role(.customer), doc: OperationDoc(
            "The caller's cart: live names and prices; lines of hidden, deleted or short products (or of a suspended seller) are kept with available false",
            tag: tag, replies: [cartReply])) { _, principal in
            Response.json(CartResponse.body(try await carts.cart(by: principal), baseURL: baseURL)).noStore()
        }

        router.add(.post, "/api/v1/customer/cart/items", bodyLimit: bodyLimit, access: .role(.customer), doc: OperationDoc(
            "Add units of a product to its line (creating the line)", tag: tag,
            body: ("application/json", .ref("AddCartItemRequest")), replies: [
                cartReply,
                .problem(400, "INVALID_REQUEST: productId missing or not positive, quantity outside 1–99, or the line would pass 99"),
                .problem(404, "PRODUCT_NOT_FOUND: unknown, hidden or deleted product, or its seller suspended"),
                .problem(409, "INSUFFICIENT_STOCK: the line would hold more than the stock; CART_LIMIT_REACHED: a 101st line"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 4 KiB"),
            ])) { request, principal in
            let body = try request.decodeJSON(AddCartItemRequest.self)
            let cart = try await carts.add(productID: body.productId, quantity: body.quantity, by: principal)
            return Response.json(CartResponse.body(cart, baseURL: baseURL)).noStore()
        }

        router.add(.patch, "/api/v1/customer/cart/items/{productId}", bodyLimit: bodyLimit, access: .role(.customer), doc: OperationDoc(
            "Set a line's quantity", tag: tag, body: ("application/json", .ref("SetCartItemRequest")), replies: [
                cartReply,
                .problem(400, "INVALID_REQUEST: quantity outside 1–99"),
                .problem(404, "PRODUCT_NOT_FOUND: unknown, hidden or deleted product, or its seller suspended; CART_ITEM_NOT_FOUND: no line for it"),
                .problem(409, "INSUFFICIENT_STOCK: more than the stock"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 4 KiB"),
            ])) { request, principal in
            let product = try productID(request)
            let body = try request.decodeJSON(SetCartItemRequest.self)
            let cart = try await carts.set(productID: product, quantity: body.quantity, by: principal)
            return Response.json(CartResponse.body(cart, baseURL: baseURL)).noStore()
        }

        router.add(.delete, "/api/v1/customer/cart/items/{productId}", access: .role(.customer), doc: OperationDoc(
            "Remove a line (whatever its product's status)", tag: tag, replies: [
                cartReply, .problem(404, "CART_ITEM_NOT_FOUND: the cart has no line for this product"),
            ])) { request, principal in
            let cart = try await carts.remove(productID: try productID(request), by: principal)
            return Response.json(CartResponse.body(cart, baseURL: baseURL)).noStore()
        }

        router.add(.delete, "/api/v1/customer/cart", access: .role(.customer), doc: OperationDoc(
            "Empty the cart", tag: tag, replies: [.init(status: 204, description: "emptied", contentType: nil)])) { _, principal in
            try await carts.clear(by: principal)
            return Response(status: 204)
        }
    }

    static func productID(_ request: Request) throws -> ProductID {
        guard let text = request.parameters["productId"], let raw = Int64(text), raw > 0 else {
            throw CartService.lineNotFound
        }
        return ProductID(rawValue: raw)
    }
}
