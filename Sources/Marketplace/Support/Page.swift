/// Which page of a list to return (docs/API.md §1): `page` is 1-based.
public struct PageRequest: Sendable, Hashable {
    /// 1-based page number.
    public let page: Int
    /// Items per page.
    public let size: Int

    /// Creates a page request; the HTTP layer checks the ranges before.
    public init(page: Int = 1, size: Int = 20) {
        self.page = page
        self.size = size
    }

    /// Rows to skip.
    public var offset: Int { (page - 1) * size }
}

/// One page of a list and where it sits in the whole.
public struct Page<Item: Sendable>: Sendable {
    /// This page's items, at most `size`.
    public let items: [Item]
    /// 1-based page number.
    public let page: Int
    /// Items per page.
    public let size: Int
    /// Items in the whole list.
    public let totalItems: Int

    /// Creates a page.
    public init(items: [Item], request: PageRequest, totalItems: Int) {
        self.items = items
        self.page = request.page
        self.size = request.size
        self.totalItems = totalItems
    }

    /// Pages needed for `totalItems`; 0 for an empty list.
    public var totalPages: Int { size > 0 ? (totalItems + size - 1) / size : 0 }

    /// The same page with each item transformed.
    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), request: PageRequest(page: page, size: size), totalItems: totalItems)
    }
}

extension Page: Equatable where Item: Equatable {}
