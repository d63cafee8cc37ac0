/// The public listing's orders (docs/API.md §3); every one ends with the id, so pages are stable.
public enum ProductSort: String, Sendable, CaseIterable, Hashable {
    /// createdAt descending, then id descending (the default).
    case newest
    /// name ascending (by code point), then id ascending.
    case name
    /// price ascending, then id ascending.
    case priceAscending = "price_asc"
    /// price descending, then id descending.
    case priceDescending = "price_desc"
}

/// Which on-sale products a public listing holds; also the key of its cached count.
public struct ListingFilter: Sendable, Hashable {
    /// Exactly this category, or any.
    public let category: String?
    /// The name contains this, compared case-insensitively; stored lowercased (`Self.fold`).
    public let foldedSearch: String?

    /// Creates a filter; empty strings filter nothing.
    public init(category: String? = nil, search: String? = nil) {
        self.category = category.flatMap { $0.isEmpty ? nil : $0 }
        self.foldedSearch = search.flatMap { $0.isEmpty ? nil : Self.fold($0) }
    }

    /// The case-insensitive form of names and searches: NFC, then Unicode lowercase mapping
    /// (Korean and other scripts without case are unchanged), then NFC again — so a search
    /// typed in decomposed Hangul finds a name typed composed, and the other way round.
    public static func fold(_ text: String) -> String { text.nfc.lowercased().nfc }

    /// True when no product can match, so no query is needed: a category no product may
    /// have, or a search longer than any name.
    public var matchesNothing: Bool {
        if let category, !ProductRules.isCategory(category) { return true }
        if let foldedSearch, foldedSearch.unicodeScalars.count > ProductRules.nameMaximumCharacters * 3 { return true }
        return false
    }
}

/// `GET /api/v1/products?page&size&sort&category&q`; also the key of a cached page.
public struct ProductListingQuery: Sendable, Hashable {
    /// Which products.
    public var filter: ListingFilter
    /// In which order.
    public var sort: ProductSort
    /// Which page.
    public var page: PageRequest

    /// Creates a query.
    public init(filter: ListingFilter = ListingFilter(), sort: ProductSort = .newest, page: PageRequest = PageRequest()) {
        self.filter = filter
        self.sort = sort
        self.page = page
    }
}

/// `GET /api/v1/seller/products?page&size&status`: the seller's own products, newest first.
public struct SellerProductQuery: Sendable, Equatable {
    /// Whose products.
    public var seller: UserID
    /// ON_SALE or HIDDEN only, or both.
    public var status: ProductStatus?
    /// Which page.
    public var page: PageRequest

    /// Creates a query.
    public init(seller: UserID, status: ProductStatus? = nil, page: PageRequest = PageRequest()) {
        self.seller = seller
        self.status = status
        self.page = page
    }
}

/// A category and how many on-sale products it has.
public struct CategoryCount: Sendable, Equatable {
    /// The category.
    public let name: String
    /// Its on-sale products.
    public let productCount: Int

    /// Creates a count.
    public init(name: String, productCount: Int) {
        self.name = name
        self.productCount = productCount
    }
}
