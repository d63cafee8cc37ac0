import FoundationEssentials
import Marketplace

/// The real time of day; tests inject a clock they can move instead.
struct SystemClock: WallClock {
    func now() -> Double { Date().timeIntervalSince1970 }
}
