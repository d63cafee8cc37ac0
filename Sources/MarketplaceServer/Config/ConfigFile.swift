import FoundationEssentials
import Glibc

/// The JSON config file: one object per section, keys in camelCase as in docs/API.md §8.
///
/// Keys are applied one by one as the objects are walked, so a typo is refused by name
/// instead of being silently ignored the way a Codable struct would ignore it.
enum ConfigFile {
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Reads `path` and applies every key in it on top of `config`.
    static func apply(path: String, to config: inout AppConfig) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError.unreadableFile(path: path, reason: readFailure(error))
        }
        let root: ConfigJSONValue
        do {
            root = try JSONDecoder().decode(ConfigJSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            throw ConfigError.unreadableFile(path: path, reason: "not valid JSON: \(detail)")
        } catch {
            throw ConfigError.unreadableFile(path: path, reason: "not valid JSON: \(error)")
        }
        guard case .object = root else {
            throw ConfigError.unreadableFile(path: path, reason: "the top level must be a JSON object")
        }
        try apply(root, at: "", file: path, to: &config)
    }

    /// "Is a directory" rather than a CocoaError dump.
    private static func readFailure(_ error: any Error) -> String {
        guard let posix = (error as? CocoaError)?.underlying as? POSIXError else { return "\(error)" }
        return String(cString: strerror(posix.code.rawValue))
    }

    private static func apply(_ value: ConfigJSONValue, at prefix: String, file: String, to config: inout AppConfig) throws {
        guard case let .object(members) = value else {
            throw ConfigError.invalidValue(key: prefix, reason: "must be an object (got \(value.literal))")
        }
        // Sorted so the same broken file always reports the same key first.
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            let path = prefix.isEmpty ? name : prefix + "." + name
            if let key = AppConfig.key(path) {
                try key.apply(&config, .json(member))
            } else if AppConfig.keys.contains(where: { $0.path.hasPrefix(path + ".") }) {
                try apply(member, at: path, file: file, to: &config)
            } else {
                throw ConfigError.unknownKey(key: path, file: file)
            }
        }
    }
}
