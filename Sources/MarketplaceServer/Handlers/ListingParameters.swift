import Marketplace
import HTTPServer

extension Request {
    /// `page`, `size` (1–20), `sort`, `category` and `q` of `GET /api/v1/products`, read in
    /// one pass over the query (the first value of each wins, as `query(_:)` does). Paging
    /// out of range or an unknown sort → 400 `INVALID_PARAMETER` naming the parameter.
    func productListingQuery() throws -> ProductListingQuery {
        var page: Substring?, size: Substring?, sort: Substring?, category: Substring?, search: Substring?
        if let query = head.query {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let value = parts.count > 1 ? parts[1] : ""
                switch parts[0] {
                case "page": if page == nil { page = value }
                case "size": if size == nil { size = value }
                case "sort": if sort == nil { sort = value }
                case "category": if category == nil { category = value }
                case "q": if search == nil { search = value }
                default:
                    // A percent-encoded name (`%73ize`) is rare; decode it and let query(_:) answer.
                    if parts[0].utf8.contains(UInt8(ascii: "%")) { return try slowListingQuery() }
                }
            }
        }
        return try Self.listingQuery(page: decoded(page, "page"), size: decoded(size, "size"), sort: decoded(sort, "sort"),
                                     category: decoded(category, "category"), search: decoded(search, "q"))
    }

    private func slowListingQuery() throws -> ProductListingQuery {
        try Self.listingQuery(page: query("page"), size: query("size"), sort: query("sort"), category: query("category"),
                              search: query("q"))
    }

    private func decoded(_ value: Substring?, _ name: String) throws -> String? {
        guard let value else { return nil }
        guard let text = PercentDecoding.decode(value, plusIsSpace: true) else {
            throw HTTPError.invalidParameter(name, "is not valid percent-encoded UTF-8")
        }
        return text
    }

    /// Every bad parameter is named in one 400 (`page=0&size=21` names both).
    private static func listingQuery(page: String?, size: String?, sort: String?, category: String?, search: String?) throws
        -> ProductListingQuery {
        var issues: [Problem.FieldProblem] = []
        let pageNumber = wholeNumber(page, "page", default: 1, range: 1...1_000_000, &issues)
        let pageSize = wholeNumber(size, "size", default: 20, range: 1...ProductRoutes.maxPageSize, &issues)
        var order = ProductSort.newest
        if let sort, !sort.isEmpty {
            if let parsed = ProductSort(rawValue: sort) {
                order = parsed
            } else {
                let values = ProductSort.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(.init(field: "sort", message: "must be one of \(values)"))
            }
        }
        // The schema's maxLength counts code points, as JSON Schema does.
        if let category, category.unicodeScalars.count > ProductRoutes.maxCategoryFilterLength {
            issues.append(.init(field: "category", message: "must be at most \(ProductRoutes.maxCategoryFilterLength) characters"))
        }
        if let search, search.unicodeScalars.count > ProductRoutes.maxSearchLength {
            issues.append(.init(field: "q", message: "must be at most \(ProductRoutes.maxSearchLength) characters"))
        }
        guard issues.isEmpty else {
            let names = issues.map { "'\($0.field)'" }.joined(separator: ", ")
            let detail = issues.count == 1 ? "Query parameter \(names) is invalid." : "Query parameters \(names) are invalid."
            throw HTTPError(problem: Problem(status: 400, code: "INVALID_PARAMETER", detail: detail, errors: issues))
        }
        return ProductListingQuery(filter: ListingFilter(category: category, search: search), sort: order,
                                   page: PageRequest(page: pageNumber, size: pageSize))
    }

    private static func wholeNumber(_ text: String?, _ name: String, default fallback: Int, range: ClosedRange<Int>,
                                    _ issues: inout [Problem.FieldProblem]) -> Int {
        guard let text, !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            issues.append(.init(field: name, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return fallback
        }
        return value
    }
}
