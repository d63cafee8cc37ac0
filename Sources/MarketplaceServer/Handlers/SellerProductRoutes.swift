import Marketplace
import HTTPServer

/// `/api/v1/seller/products…` (docs/API.md §3): a seller's own products. Another seller's
/// product, or a deleted one, is 404 for every verb.
enum SellerProductRoutes {
    static let tag = "seller-catalog"

    static func register(on router: inout Router, catalog: CatalogService, baseURL: PublicBaseURL) {
        router.add(.post, "/api/v1/seller/products", access: .role(.seller), doc: OperationDoc(
            "Create a product", tag: tag, body: ("application/json", .ref("CreateProductRequest")), replies: [
                .json(201, "the new product (Location: its seller URL)", .ref("Product")),
                .problem(400, "INVALID_REQUEST: every invalid, missing, null or mistyped field is named in errors"),
            ])) { request, principal in
            let form = try request.decodeJSON(ProductRequest.self).validForm(creating: true)
            let product = try await catalog.create(form, by: principal)
            var response = Response.json(ProductResponse.body(product, baseURL: baseURL), status: 201)
            response.headers.add("Location", "/api/v1/seller/products/\(product.id.rawValue)")
            return response
        }

        router.add(.get, "/api/v1/seller/products", access: .role(.seller), doc: OperationDoc(
            "The caller's products, hidden ones included, newest first", tag: tag,
            query: OperationDoc.paging(maxSize: ProductRoutes.maxPageSize) + [
                .init(name: "status", schema: .string(values: ["ON_SALE", "HIDDEN"]), description: "only products in this status"),
            ],
            replies: [
                .json(200, "a page of the caller's products", .ref("ProductSummaryPage")),
                .problem(400, "INVALID_PARAMETER: page < 1, size outside 1–20, or a status other than ON_SALE or HIDDEN"),
            ])) { request, principal in
            let page = try request.pageRequest(maxSize: ProductRoutes.maxPageSize)
            var status: ProductStatus?
            if let text = request.query("status"), !text.isEmpty {
                guard let parsed = ProductRules.settableStatus(text) else {
                    throw HTTPError.invalidParameter("status", "must be ON_SALE or HIDDEN")
                }
                status = parsed
            }
            let products = try await catalog.list(status: status, page: page, by: principal)
            return Response.json(PageResponse.body(products) { product, json in
                ProductResponse.writeSummary(product, baseURL: baseURL, into: &json)
            })
        }

        router.add(.get, "/api/v1/seller/products/{id}", access: .role(.seller), doc: OperationDoc(
            "One of the caller's products, hidden ones included", tag: tag, replies: [
                .json(200, "the product", .ref("Product")), notFound,
            ])) { request, principal in
            let product = try await catalog.product(try ProductRoutes.productID(request), by: principal)
            return Response.json(ProductResponse.body(product, baseURL: baseURL))
        }

        router.add(.patch, "/api/v1/seller/products/{id}", access: .role(.seller), doc: OperationDoc(
            "Change any subset of a product's fields; absent fields stay as they are", tag: tag,
            body: ("application/json", .ref("UpdateProductRequest")), replies: [
                .json(200, "the updated product", .ref("Product")),
                .problem(400, "INVALID_REQUEST: every invalid, null or mistyped field is named in errors"), notFound,
            ])) { request, principal in
            let id = try ProductRoutes.productID(request)
            let body: ProductRequest
            do {
                body = try request.decodeJSON(ProductRequest.self)
            } catch {
                _ = try await catalog.product(id, by: principal)   // someone else's product: 404 before any 400
                throw error
            }
            let product = try await catalog.update(id, with: try await validForm(body, id, catalog, principal), by: principal)
            return Response.json(ProductResponse.body(product, baseURL: baseURL))
        }

        router.add(.delete, "/api/v1/seller/products/{id}", access: .role(.seller), doc: OperationDoc(
            "Delete a product (soft: gone from listings and carts; past orders keep their snapshot)", tag: tag, replies: [
                .init(status: 204, description: "deleted", contentType: nil), notFound,
            ])) { request, principal in
            try await catalog.delete(try ProductRoutes.productID(request), by: principal)
            return Response(status: 204)
        }
    }

    /// The PATCH form, or its 400 — after a 404 when the product is not the caller's.
    private static func validForm(_ body: ProductRequest, _ id: ProductID, _ catalog: CatalogService,
                                  _ principal: Principal) async throws -> ProductForm {
        do {
            return try body.validForm(creating: false)
        } catch {
            _ = try await catalog.product(id, by: principal)
            throw error
        }
    }

    static let notFound = OperationDoc.Reply.problem(404, "PRODUCT_NOT_FOUND: no live product of the caller has this id")
}
