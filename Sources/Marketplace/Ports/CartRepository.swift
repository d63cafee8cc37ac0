/// Where carts live: one line per (customer, product).
public protocol CartRepository: Sendable {
    /// The customer's lines with their products' live data, oldest first.
    func cart(of customer: UserID) async throws -> Cart

    /// In one write transaction: reads the line's state, asks `decide` for the new quantity
    /// (nil removes the line; a throw changes nothing) and writes it at `time` (Unix ms).
    func change(_ product: ProductID, of customer: UserID, at time: Int64,
                _ decide: @escaping @Sendable (CartLineState) throws -> Int?) async throws

    /// Removes the line; false when there was none.
    func remove(_ product: ProductID, of customer: UserID) async throws -> Bool

    /// Empties the cart.
    func clear(_ customer: UserID) async throws

    /// The raw lines (product and quantity), oldest first: what ordering the cart orders.
    func lines(of customer: UserID) async throws -> [OrderLine]
}
