import Synchronization

/// A counter that moves whenever anything a product listing shows may have changed (a
/// product written, an image added or removed, stock moved by an order). Caches of listings
/// and counts keep the generation they were computed at and are stale once it moves.
///
/// In-process; with several servers on one database, each tells the others through
/// `onAdvance` (PostgreSQL NOTIFY) and hears them through `advanceFromElsewhere`, so a
/// cached page outlives another server's change only by the notification's latency.
public final class CatalogGeneration: Sendable {
    private let value = Atomic<UInt64>(0)
    private let observer = Mutex<(@Sendable () -> Void)?>(nil)

    /// Starts at 0.
    public init() {}

    /// The current generation.
    public var current: UInt64 { value.load(ordering: .acquiring) }

    /// Call after a committed change that listings show.
    public func advance() {
        value.add(1, ordering: .releasing)
        observer.withLock { $0 }?()
    }

    /// Another server committed such a change: move without telling the others again.
    public func advanceFromElsewhere() { value.add(1, ordering: .releasing) }

    /// Calls `hook` after every local `advance()` (to tell the other servers).
    public func onAdvance(_ hook: @escaping @Sendable () -> Void) {
        observer.withLock { $0 = hook }
    }
}
