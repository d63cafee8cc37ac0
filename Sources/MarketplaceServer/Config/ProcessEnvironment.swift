import Glibc

/// The process environment as a dictionary; `ProcessInfo` is not in FoundationEssentials.
enum ProcessEnvironment {
    /// Read once at start, before any thread could call `setenv`.
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}
