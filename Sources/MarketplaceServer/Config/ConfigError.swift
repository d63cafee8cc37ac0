/// Why the server refused to start: bad configuration or bad command line.
///
/// Every configuration case names its key (`auth.bcryptCost`) so an operator can find it
/// in the file, or as `MARKETPLACE_AUTH_BCRYPT_COST` in the environment.
enum ConfigError: Error, CustomStringConvertible, Equatable {
    /// A value has the wrong type or is out of range; `reason` reads after the key.
    case invalidValue(key: String, reason: String)
    /// Keys still holding the example files' placeholder, all of them at once (in key order),
    /// so an operator fills in every secret before the next start rather than one per start.
    case placeholders(keys: [String])
    /// The config file has a key we do not know, most often a typo.
    case unknownKey(key: String, file: String)
    /// `--config PATH` names a file that does not exist.
    case fileNotFound(path: String)
    /// The file exists but cannot be read or is not a JSON object.
    case unreadableFile(path: String, reason: String)
    /// The command line itself is wrong (unknown flag, missing value, unknown subcommand).
    case usage(String)

    /// The configuration key at fault, when there is one.
    var key: String? {
        switch self {
        case let .invalidValue(key, _), let .unknownKey(key, _): key
        case let .placeholders(keys): keys.first
        case .fileNotFound, .unreadableFile, .usage: nil
        }
    }

    var description: String {
        switch self {
        case let .invalidValue(key, reason):
            "invalid configuration: \(key) \(reason)"
        case let .placeholders(keys) where keys.count == 1:
            "invalid configuration: \(keys[0]) is still the placeholder \(AppConfig.placeholder); "
                + "set it in the config file or \(ConfigKey.environmentName(for: keys[0]))"
        case let .placeholders(keys):
            "invalid configuration: \(keys.count) keys are still the placeholder \(AppConfig.placeholder): "
                + keys.map { "\($0) (\(ConfigKey.environmentName(for: $0)))" }.joined(separator: ", ")
                + "; set each in the config file or its environment variable"
        case let .unknownKey(key, file):
            "invalid configuration: unknown key \(key) in \(file)"
        case let .fileNotFound(path):
            "invalid configuration: config file \(path) does not exist"
        case let .unreadableFile(path, reason):
            "invalid configuration: cannot read \(path): \(reason)"
        case let .usage(message):
            "\(message) (see --help)"
        }
    }
}
