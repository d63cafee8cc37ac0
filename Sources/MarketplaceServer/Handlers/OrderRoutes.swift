import Marketplace
import HTTPServer

/// `/api/v1/customer/orders…` (docs/API.md §5): placing, reading and canceling the caller's
/// orders. Another customer's order is 404 for every verb.
enum OrderRoutes {
    static let tag = "orders"
    static let maxPageSize = 20
    /// 50 lines and an address fit in a few KiB; 32 KiB is ample (413 beyond).
    static let bodyLimit = 32 * 1024

    static func register(on router: inout Router, orders: OrderService) {
        router.add(.post, "/api/v1/customer/orders", bodyLimit: bodyLimit, access: .role(.customer), idempotent: true, doc: OperationDoc(
            "Place an order from the cart (no items) or from explicit items: every line's stock is reserved at once, all or nothing",
            tag: tag, body: ("application/json", .ref("PlaceOrderRequest")), replies: [
                .json(201, "the order, PENDING_PAYMENT, with payment.status READY and payment.checkout (Location: its URL)",
                      .ref("Order")),
                .problem(400, "INVALID_REQUEST: every bad field is named in errors (items: 1–50 distinct products, quantity 1–99; "
                    + "a cart over 50 lines); EMPTY_CART: no items and an empty cart"),
                .problem(404, "PRODUCT_NOT_FOUND: errors name every line (items[i].productId; i indexes items, or the cart's lines "
                    + "oldest first) whose product is unknown, hidden or deleted, or whose seller is suspended; checked before stock; nothing is reserved"),
                .problem(409, "INSUFFICIENT_STOCK: errors name every line (items[i].productId, the message naming the product and "
                    + "its stock) with too few units; nothing is reserved"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 32 KiB"),
                .problem(503, "PAYMENT_PROVIDER_UNAVAILABLE: no gateway for the provider, or it could not prepare; nothing is reserved"),
            ])) { request, principal in
            let order = try await orders.place(try request.decodeJSON(PlaceOrderRequest.self).form, by: principal)
            var response = Response.json(OrderResponse.body(order), status: 201).noStore()
            response.headers.add("Location", "/api/v1/customer/orders/\(order.id.rawValue)")
            return response
        }

        router.add(.get, "/api/v1/customer/orders", access: .role(.customer), doc: OperationDoc(
            "The caller's orders, newest first", tag: tag,
            query: OperationDoc.paging(maxSize: maxPageSize) + [statusParameter], replies: [
                .json(200, "a page of the caller's orders", .ref("OrderPage")), pagingProblem,
            ])) { request, principal in
            let page = try await orders.list(status: try request.enumQuery("status", as: OrderStatus.self),
                                             page: try request.pageRequest(maxSize: maxPageSize), by: principal)
            return Response.json(OrderResponse.page(page)).noStore()
        }

        router.add(.get, "/api/v1/customer/orders/{id}", access: .role(.customer), doc: OperationDoc(
            "One of the caller's orders", tag: tag, replies: [.json(200, "the order", .ref("Order")), notFound])) { request, principal in
            Response.json(OrderResponse.body(try await orders.order(request.parameters["id"] ?? "", by: principal))).noStore()
        }

        router.add(.post, "/api/v1/customer/orders/{id}/cancel", bodyLimit: bodyLimit, access: .role(.customer), idempotent: true,
                   doc: OperationDoc(
            "Cancel a PENDING_PAYMENT or PAID order, whole (no items) or some units of some lines; their stock returns at once. "
                + "Fewer units than a line holds split it: the canceled units become a CANCELED line of their own. For a PAID "
                + "order the gateway first refunds the lines' amount with their VAT (round(taxable part / 11); a cancel that "
                + "empties the balance takes all remaining VAT), recorded in payment.cancels",
            tag: tag, body: ("application/json", .ref("CancelOrderRequest")), replies: [
                .json(200, "the order: CANCELED when nothing is left (payment ABORTED before payment, CANCELED after); else "
                      + "PENDING_PAYMENT with the payment's amount, vat and checkout for what is left, or PAID with the payment "
                      + "PARTIAL_CANCELED and its balanceAmount/balanceVat lowered", .ref("Order")),
                .problem(400, "INVALID_REQUEST: reason not 1–200 characters; a line not ordered, or more units than ordered"),
                notFound,
                .problem(409, "NOT_CANCELABLE: the order is not PENDING_PAYMENT or PAID (SHIPPING, DELIVERED, …) or its payment "
                    + "is being confirmed; NOT_CANCELABLE_AMOUNT: the lines exceed what is left to refund (after admin refunds); "
                    + "CONCURRENT_REQUEST: another cancel or refund of this payment is running; BALANCE_MISMATCH: the gateway's "
                    + "balance differs from ours by more than this refund (reconcile by hand)"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 32 KiB"),
                .problem(502, "PAYMENT_GATEWAY_ERROR: the gateway gave no definite answer to the refund, or to the balance check "
                    + "before it; nothing was recorded. Send the same request again: the balance check (and Toss's idempotency "
                    + "key) records a refund that did happen instead of refunding twice"),
            ])) { request, principal in
            let id = request.parameters["id"] ?? ""
            let body: CancelOrderRequest
            do {
                body = try request.decodeJSON(CancelOrderRequest.self)
            } catch {
                _ = try await orders.order(id, by: principal)   // someone else's order: 404 before any 400
                throw error
            }
            let order = try await orders.cancel(id, reason: body.reason, lines: body.items?.map(\.form), by: principal)
            return Response.json(OrderResponse.body(order)).noStore()
        }
    }

    static let statusParameter = OperationDoc.Parameter(
        name: "status", schema: .string(values: OrderStatus.allCases.map(\.rawValue)), description: "only orders in this status")
    static let pagingProblem = OperationDoc.Reply.problem(400, "INVALID_PARAMETER: page < 1, size outside 1–20, or an unknown status")
    static let notFound = OperationDoc.Reply.problem(404, "ORDER_NOT_FOUND: no order of the caller has this id")
}
