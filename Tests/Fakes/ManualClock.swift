public import Marketplace
import Synchronization

/// A clock that stands still until a test moves it.
public final class ManualClock: WallClock {
    private let seconds: Mutex<Double>

    public init(_ start: Double = 1_700_000_000) { seconds = Mutex(start) }

    public func now() -> Double { seconds.withLock { $0 } }
    public func advance(by delta: Double) { seconds.withLock { $0 += delta } }
    /// Sets the time exactly (an edge like `expiresAt`, without adding up float steps).
    public func set(to time: Double) { seconds.withLock { $0 = time } }
}
