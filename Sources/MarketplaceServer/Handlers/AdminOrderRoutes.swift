import Marketplace
import HTTPServer

/// `/api/v1/admin/orders…` (docs/API.md §5): every order, and the shipping moves.
enum AdminOrderRoutes {
    static let tag = "admin-orders"

    static func register(on router: inout Router, orders: OrderService) {
        router.add(.get, "/api/v1/admin/orders", access: .role(.admin), doc: OperationDoc(
            "Every order, newest first", tag: tag,
            query: OperationDoc.paging(maxSize: OrderRoutes.maxPageSize) + [OrderRoutes.statusParameter], replies: [
                .json(200, "a page of orders", .ref("OrderPage")), OrderRoutes.pagingProblem,
            ])) { request, principal in
            let page = try await orders.adminList(status: try request.enumQuery("status", as: OrderStatus.self),
                                                  page: try request.pageRequest(maxSize: OrderRoutes.maxPageSize), by: principal)
            return Response.json(OrderResponse.page(page)).noStore()
        }

        router.add(.get, "/api/v1/admin/orders/{id}", access: .role(.admin), doc: OperationDoc(
            "Any order", tag: tag, replies: [
                .json(200, "the order", .ref("Order")), .problem(404, "ORDER_NOT_FOUND: no order has this id"),
            ])) { request, principal in
            Response.json(OrderResponse.body(try await orders.adminOrder(request.parameters["id"] ?? "", by: principal))).noStore()
        }

        router.add(.post, "/api/v1/admin/orders/{id}/status", bodyLimit: CartRoutes.bodyLimit, access: .role(.admin), doc: OperationDoc(
            "Move an order: PAID → SHIPPING (trackingNumber required) and SHIPPING → DELIVERED only; recorded in history", tag: tag,
            body: ("application/json", .ref("OrderStatusRequest")), replies: [
                .json(200, "the order in its new status", .ref("Order")),
                .problem(400, "INVALID_REQUEST: status not SHIPPING or DELIVERED; SHIPPING without a trackingNumber (1–50 of [A-Za-z0-9-])"),
                .problem(404, "ORDER_NOT_FOUND"),
                .problem(409, "INVALID_STATUS_TRANSITION: any other move"),
                .problem(413, "PAYLOAD_TOO_LARGE: body over 4 KiB"),
            ])) { request, principal in
            let body = try request.decodeJSON(OrderStatusRequest.self)
            let order = try await orders.adminMove(request.parameters["id"] ?? "", to: body.status,
                                                   trackingNumber: body.trackingNumber, by: principal)
            return Response.json(OrderResponse.body(order)).noStore()
        }
    }
}
