/// Where the domain reads the time, so that tests can fix it.
public protocol WallClock: Sendable {
    /// Seconds since the Unix epoch, with sub-second precision.
    func now() -> Double
}
