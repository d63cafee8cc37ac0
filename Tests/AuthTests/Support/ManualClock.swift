import Marketplace
import Synchronization

/// A clock that stands still until a test moves it.
final class ManualClock: WallClock {
    private let seconds: Mutex<Double>

    init(_ start: Double = 1_700_000_000) { seconds = Mutex(start) }

    func now() -> Double { seconds.withLock { $0 } }
    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
}
