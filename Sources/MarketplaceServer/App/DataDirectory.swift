import Glibc
import Storage
import HTTPServer

/// The data directory's layout: the SQLite file, `blobs/`, `mail/outbox/`, `sandbox/`.
enum DataDirectory {
    /// Opens and migrates the database `storage.url` names: the SQLite file, or PostgreSQL
    /// (`postgres://…`, shared by every server pointed at it, `storage.poolSize` connections each).
    static func openDatabase(_ storage: AppConfig.Storage) throws -> Database {
        let url = storage.url
        let lowered = url.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return try Database(postgres: url, migrations: PostgresSchema.migrations, poolSize: storage.poolSize)
        }
        return try Database(path: try sqlitePath(url), migrations: SQLiteSchema.migrations)
    }

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

    /// `<dataDir>/tmp/uploads`, where request bodies are spooled; emptied at start, since
    /// anything left there belonged to requests of a process that is gone.
    static func uploads(_ dataDir: String) throws -> String {
        let path = dataDir + "/tmp/uploads"
        try prepare(path)
        if let directory = opendir(path) {
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name.hasPrefix("upload-") { unlink(path + "/" + name) }
            }
        }
        return path
    }

    /// The file path of a `sqlite:` storage URL.
    static func sqlitePath(_ url: String) throws -> String {
        guard url.hasPrefix("sqlite:") else {
            throw ConfigError.invalidValue(key: "storage.url", reason: "must start with sqlite: or postgres://")
        }
        return String(url.dropFirst("sqlite:".count))
    }
}
