import Marketplace
import HTTPServer

/// The public catalog (docs/API.md §3): `GET /api/v1/products`, `/products/{id}`, `/categories`.
enum ProductRoutes {
    static let tag = "catalog"
    static let maxPageSize = 20
    /// `category` and `q` of the listing: longer is 400 INVALID_PARAMETER (no product could match).
    static let maxCategoryFilterLength = 50
    static let maxSearchLength = 100

    /// `pages` and `productPages` (nil when `catalog.listingCache` is off) serve rendered
    /// listing and product pages while the catalog generation stands still.
    static func register(on router: inout Router, browser: CatalogBrowser, generation: CatalogGeneration,
                         pages: ListingPageCache?, productPages: ProductPageCache?, baseURL: PublicBaseURL) {
        router.add(.get, "/api/v1/products", doc: listingDoc) { request in
            let query = try request.productListingQuery()
            let current = generation.current   // before the lookup and the queries: see ListingPageCache
            if let body = pages?.body(for: query, at: current) { return Response.json(body) }
            let body = ProductResponse.page(try await browser.page(query), baseURL: baseURL)
            pages?.store(body, for: query, at: current)
            return Response.json(body)
        }

        router.add(.get, "/api/v1/products/{id}", doc: OperationDoc(
            "One product on sale, with its images", tag: tag, replies: [
                .json(200, "the product", .ref("Product")),
                .problem(404, "PRODUCT_NOT_FOUND: unknown, hidden or deleted, or its seller suspended"),
            ])) { request in
            let id = try productID(request)
            let current = generation.current   // before the lookup and the query: see ListingPageCache
            if let body = productPages?.body(for: id.rawValue, at: current) { return Response.json(body) }
            let body = ProductResponse.body(try await browser.product(id), baseURL: baseURL)
            productPages?.store(body, for: id.rawValue, at: current)
            return Response.json(body)
        }

        router.add(.get, "/api/v1/categories", doc: OperationDoc(
            "Categories of the products on sale, with their counts, by name", tag: tag, replies: [
                .json(200, "every category with at least one product on sale", .array(.ref("CategoryCount"))),
            ])) { _ in
            Response.json(ProductResponse.categories(try await browser.categories()))
        }
    }

    /// The `{id}` path parameter; anything but a positive integer is an unknown product.
    static func productID(_ request: Request) throws -> ProductID {
        guard let text = request.parameters["id"], let raw = Int64(text), raw > 0 else {
            throw MarketplaceError.notFound(code: "PRODUCT_NOT_FOUND", detail: "No product has this id.")
        }
        return ProductID(rawValue: raw)
    }

    static let listingDoc = OperationDoc(
        "Products on sale, a page at a time", tag: tag,
        query: OperationDoc.paging(maxSize: maxPageSize) + [
            .init(name: "sort", schema: .string(values: ProductSort.allCases.map(\.rawValue)),
                  description: "newest (default: createdAt desc, id desc), name (name asc by code point, id asc), "
                      + "price_asc (price asc, id asc), price_desc (price desc, id desc)"),
            .init(name: "category", schema: .string(maxLength: maxCategoryFilterLength), description: "only this category (exact match)"),
            .init(name: "q", schema: .string(maxLength: maxSearchLength), description: "only names containing this, compared case-insensitively"),
        ],
        replies: [
            .json(200, "a page of products on sale", .ref("ProductSummaryPage")),
            .problem(400, "INVALID_PARAMETER: page outside 1–1000000, size outside 1–20, an unknown sort, category over 50 or q over 100 characters"),
        ])
}
