import Marketplace
import HTTPServer

/// `/api/v1/seller/orders…` (docs/API.md §5): orders holding the caller's products, each showing
/// only the caller's lines, amounts over those lines, and of the payment only its status.
enum SellerOrderRoutes {
    static let tag = "seller-orders"

    static func register(on router: inout Router, orders: OrderService) {
        router.add(.get, "/api/v1/seller/orders", access: .role(.seller), doc: OperationDoc(
            "Orders holding the caller's products, newest first, with only the caller's lines", tag: tag,
            query: OperationDoc.paging(maxSize: OrderRoutes.maxPageSize) + [OrderRoutes.statusParameter], replies: [
                .json(200, "a page of orders as the seller sees them", .ref("SellerOrderPage")), OrderRoutes.pagingProblem,
            ])) { request, principal in
            let page = try await orders.sellerList(status: try request.enumQuery("status", as: OrderStatus.self),
                                                   page: try request.pageRequest(maxSize: OrderRoutes.maxPageSize), by: principal)
            return Response.json(OrderResponse.page(page, view: .seller)).noStore()
        }

        router.add(.get, "/api/v1/seller/orders/{id}", access: .role(.seller), doc: OperationDoc(
            "One order holding the caller's products, with only the caller's lines", tag: tag, replies: [
                .json(200, "the order as the seller sees it", .ref("SellerOrder")),
                .problem(404, "ORDER_NOT_FOUND: no order holding the caller's products has this id"),
            ])) { request, principal in
            let order = try await orders.sellerOrder(request.parameters["id"] ?? "", by: principal)
            return Response.json(OrderResponse.body(order, view: .seller)).noStore()
        }
    }
}
