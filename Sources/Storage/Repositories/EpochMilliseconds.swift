import Glibc

/// Times are stored as whole Unix milliseconds (INTEGER), read back as seconds.
enum EpochMilliseconds {
    static func from(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }
    static func seconds(_ milliseconds: Int64) -> Double { Double(milliseconds) / 1000 }

    /// The system's real time, for the few writes that take no clock (an order's discard).
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
