/// A customer's cart (docs/API.md §4): add (accumulates), set, remove, clear, view with live
/// prices. Each change runs its checks and its write in one transaction
/// (`CartRepository.change`), so two changes of one line cannot both pass a stale check.
public struct CartService: Sendable {
    let carts: any CartRepository
    let clock: any WallClock

    public init(carts: any CartRepository, clock: any WallClock) {
        self.carts = carts
        self.clock = clock
    }

    /// The cart with live names, prices and availability.
    public func cart(by principal: Principal) async throws -> Cart {
        try OrderService.requireRole(.customer, principal)
        return try await carts.cart(of: principal.userID)
    }

    /// Adds `quantity` units to the product's line (creating it). Errors: 400 (ids,
    /// quantity 1–99, a line over 99), 404 `PRODUCT_NOT_FOUND`, 409 `INSUFFICIENT_STOCK`,
    /// 409 `CART_LIMIT_REACHED` (a 101st line).
    public func add(productID: Int64?, quantity: Int?, by principal: Principal) async throws -> Cart {
        try OrderService.requireRole(.customer, principal)
        let (product, quantity) = try Self.validate(productID: productID, quantity: quantity)
        try await carts.change(product, of: principal.userID, at: nowMillis) { state in
            try Self.check(state, newQuantity: (state.quantity ?? 0) + quantity, field: "quantity")
        }
        return try await carts.cart(of: principal.userID)
    }

    /// Sets the product's line to `quantity` units. Errors as `add`, and 404 `CART_ITEM_NOT_FOUND`
    /// when the cart has no line for this (on-sale) product.
    public func set(productID: ProductID, quantity: Int?, by principal: Principal) async throws -> Cart {
        try OrderService.requireRole(.customer, principal)
        let (product, quantity) = try Self.validate(productID: productID.rawValue, quantity: quantity)
        try await carts.change(product, of: principal.userID, at: nowMillis) { state in
            try Self.requireOnSale(state)
            guard state.quantity != nil else { throw Self.lineNotFound }
            return try Self.check(state, newQuantity: quantity, field: "quantity")
        }
        return try await carts.cart(of: principal.userID)
    }

    /// Removes the product's line (whatever the product's status). Errors: 404 `CART_ITEM_NOT_FOUND`.
    public func remove(productID: ProductID, by principal: Principal) async throws -> Cart {
        try OrderService.requireRole(.customer, principal)
        guard try await carts.remove(productID, of: principal.userID) else { throw Self.lineNotFound }
        return try await carts.cart(of: principal.userID)
    }

    /// Empties the cart (an empty cart stays empty: no error).
    public func clear(by principal: Principal) async throws {
        try OrderService.requireRole(.customer, principal)
        try await carts.clear(principal.userID)
    }

    static func validate(productID: Int64?, quantity: Int?) throws -> (ProductID, Int) {
        var issues: [FieldIssue] = []
        if productID.map({ $0 <= 0 }) ?? true { issues.append(FieldIssue(field: "productId", message: "must be a positive product id")) }
        if quantity.map({ !OrderRules.quantityRange.contains($0) }) ?? true {
            issues.append(FieldIssue(field: "quantity", message: "must be a whole number from 1 to 99"))
        }
        guard issues.isEmpty, let productID, let quantity else { throw MarketplaceError.invalid(issues) }
        return (ProductID(rawValue: productID), quantity)
    }

    static func requireOnSale(_ state: CartLineState) throws {
        guard let product = state.product, product.status == .onSale else { throw Self.productNotFound }
    }

    /// The new quantity if every rule allows it.
    static func check(_ state: CartLineState, newQuantity: Int, field: String) throws -> Int {
        try requireOnSale(state)
        if newQuantity > OrderRules.quantityRange.upperBound {
            throw MarketplaceError.invalid([FieldIssue(
                field: field, message: "the line would hold \(newQuantity) units; a line holds at most 99")])
        }
        if state.quantity == nil, state.lineCount >= OrderRules.maxCartLines {
            throw MarketplaceError.conflict(code: "CART_LIMIT_REACHED",
                                            detail: "A cart holds at most \(OrderRules.maxCartLines) lines.")
        }
        if let product = state.product, newQuantity > product.stock {
            throw MarketplaceError.outOfStock(detail: "Only \(product.stock) units are in stock.", issues: [
                FieldIssue(field: field, message: "only \(product.stock) in stock"),
            ])
        }
        return newQuantity
    }

    /// 404 `PRODUCT_NOT_FOUND`: unknown, hidden or deleted.
    public static let productNotFound = MarketplaceError.notFound(code: "PRODUCT_NOT_FOUND", detail: "No product on sale has this id.")

    /// 404 `CART_ITEM_NOT_FOUND`.
    public static let lineNotFound = MarketplaceError.notFound(code: "CART_ITEM_NOT_FOUND", detail: "Your cart has no line for this product.")

    private var nowMillis: Int64 { Int64((clock.now() * 1000).rounded()) }
}
