/// Times are stored as whole Unix milliseconds (INTEGER), read back as seconds.
enum EpochMilliseconds {
    static func from(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }
    static func seconds(_ milliseconds: Int64) -> Double { Double(milliseconds) / 1000 }
}
