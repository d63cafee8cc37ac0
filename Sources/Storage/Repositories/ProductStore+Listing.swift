public import Marketplace

/// The public catalog: ON_SALE products of sellers who are not suspended (`publiclyOnSale`).
///
/// A page is a deferred join: the inner query walks only the sort order's index (led by
/// status, ending in id, so it covers itself) to skip `OFFSET` entries and pick `LIMIT` ids,
/// and only those 20 rows are read from the table. A plain `SELECT … LIMIT … OFFSET` would
/// also step through the skipped entries, but through the table.
extension ProductStore {
    public func onSale(_ id: ProductID) async throws -> Product? {
        try await database.read { connection in
            try ProductRow.product(where: "id = ? AND \(ProductRow.publiclyOnSale)", [id.rawValue], on: connection)
        }
    }

    public func listingPage(_ query: ProductListingQuery) async throws -> [ProductSummary] {
        let (condition, bindings) = Self.listingCondition(query.filter)
        let order = Self.order(query.sort)
        let sql = """
            SELECT \(ProductRow.summaryColumns) FROM products WHERE id IN (
                SELECT id FROM products WHERE \(condition) ORDER BY \(order) LIMIT ? OFFSET ?)
            ORDER BY \(order)
            """
        let page = query.page
        return try await database.read { [bindings] connection in
            try connection.query(sql, bindings: bindings + [page.size, page.offset]).map(ProductRow.summary)
        }
    }

    public func listingCount(_ filter: ListingFilter) async throws -> Int {
        let (condition, bindings) = Self.listingCondition(filter)
        return try await database.read { [bindings] connection in
            try connection.queryRow("SELECT count(*) FROM products WHERE \(condition)", bindings: bindings)?.int(0) ?? 0
        }
    }

    public func categories() async throws -> [CategoryCount] {
        try await database.read { connection in
            try connection.query("""
                SELECT category, count(*) FROM products WHERE \(ProductRow.publiclyOnSale) GROUP BY category ORDER BY category
                """).map { CategoryCount(name: try $0.string(0), productCount: try $0.int(1)) }
        }
    }

    /// The WHERE clause of a listing and its bindings; the SQL text depends only on which
    /// filters are present, so there are four statements to prepare, not one per value.
    static func listingCondition(_ filter: ListingFilter) -> (String, [any SQLBindable]) {
        var condition = ProductRow.publiclyOnSale
        var bindings: [any SQLBindable] = []
        if let category = filter.category { condition += " AND category = ?"; bindings.append(category) }
        if let search = filter.foldedSearch {
            // A substring test: the pattern's wildcards are escaped. Both sides are lowercase
            // (Swift's fold, or lower()), so SQLite's ASCII-case-insensitive LIKE and
            // PostgreSQL's case-sensitive one agree.
            condition += " AND coalesce(name_folded, lower(name)) LIKE ? ESCAPE '\\'"
            bindings.append(LikePattern.containing(search))
        }
        return (condition, bindings)
    }

    /// ORDER BY for a sort; each matches an index led by (status, seller_suspended) (docs/API.md §3's tie-breaks).
    static func order(_ sort: ProductSort) -> String {
        switch sort {
        case .newest: "created_at DESC, id DESC"
        case .name: "name, id"
        case .priceAscending: "price, id"
        case .priceDescending: "price DESC, id DESC"
        }
    }
}
