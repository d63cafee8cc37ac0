/// A product's id.
public struct ProductID: RawRepresentable, Hashable, Comparable, Sendable {
    /// The integer id.
    public let rawValue: Int64

    /// Wraps an integer id.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Orders ids ascending (the order stock locks are taken in).
    public static func < (a: ProductID, b: ProductID) -> Bool { a.rawValue < b.rawValue }
}
