import Marketplace
import Synchronization

/// A wall clock the test moves by hand: code expiry, throttling windows and token lifetimes
/// are checked without sleeping.
final class TestClock: WallClock {
    private let seconds: Mutex<Double>

    init(_ start: Double = 1_750_000_000) { seconds = Mutex(start) }

    func now() -> Double { seconds.withLock { $0 } }
    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
}
