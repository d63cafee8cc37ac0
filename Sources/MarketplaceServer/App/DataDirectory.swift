import Glibc

/// The data directory's layout: the SQLite file, `blobs/`, `mail/outbox/`, `sandbox/`.
enum DataDirectory {
    /// Creates the directory (and parents) when missing.
    static func prepare(_ path: String) throws {
        var partial = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            partial += component + "/"
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw SystemError(call: "mkdir(\(partial))", errno: errno)
            }
        }
    }

    /// The file path of a `sqlite:` storage URL.
    static func sqlitePath(_ url: String) throws -> String {
        guard url.hasPrefix("sqlite:") else {
            throw ConfigError.invalidValue(key: "storage.url", reason: "only sqlite: is served by this build")
        }
        return String(url.dropFirst("sqlite:".count))
    }
}
