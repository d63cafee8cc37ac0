import Synchronization

/// A counter that moves whenever anything a product listing shows may have changed (a
/// product written, an image added or removed, stock moved by an order). Caches of listings
/// and counts keep the generation they were computed at and are stale once it moves.
///
/// In-process: with several servers on one database (issue #9) each process only sees its
/// own writes, so that backend must bound staleness another way.
public final class CatalogGeneration: Sendable {
    private let value = Atomic<UInt64>(0)

    /// Starts at 0.
    public init() {}

    /// The current generation.
    public var current: UInt64 { value.load(ordering: .acquiring) }

    /// Call after a committed change that listings show.
    public func advance() { value.add(1, ordering: .releasing) }
}
