/// One configuration key: its dotted path and how a raw value is parsed into `AppConfig`.
///
/// Types are checked here, as each layer is applied, so the error can say where the bad
/// value came from; ranges are checked once on the merged result (`validate()`).
struct ConfigKey: Sendable {
    /// A raw value from one layer, with a label for error messages.
    enum Input {
        case json(ConfigJSONValue)
        /// Environment variables and flags are plain text.
        case text(String, source: String)
    }

    /// `section.key`, or `payments.toss.baseUrl` for the gateway subsections.
    let path: String
    let apply: @Sendable (inout AppConfig, Input) throws -> Void
    /// The key's text values in a configuration (none for numbers and flags), for the one
    /// check that spans every key: placeholders left in (`AppConfig.placeholderKeys`).
    let texts: @Sendable (AppConfig) -> [String]

    init(path: String, texts: @escaping @Sendable (AppConfig) -> [String] = { _ in [] },
         apply: @escaping @Sendable (inout AppConfig, Input) throws -> Void) {
        self.path = path
        self.texts = texts
        self.apply = apply
    }

    /// `MARKETPLACE_` + each path component in UPPER_SNAKE, joined by `_`.
    var environmentName: String { Self.environmentName(for: path) }

    static func environmentName(for path: String) -> String {
        let parts = path.split(separator: ".").map { component -> String in
            var snake = ""
            var previous: Character?
            for character in component {
                if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                    snake.append("_")
                }
                snake += character.uppercased()
                previous = character
            }
            return snake
        }
        return "MARKETPLACE_" + parts.joined(separator: "_")
    }
}

extension ConfigKey {
    static func int(_ path: String, _ field: any WritableKeyPath<AppConfig, Int> & Sendable) -> ConfigKey {
        ConfigKey(path: path) { config, input in config[keyPath: field] = try parseInt(input, path) }
    }

    static func string(_ path: String, _ field: any WritableKeyPath<AppConfig, String> & Sendable) -> ConfigKey {
        ConfigKey(path: path, texts: { [$0[keyPath: field]] }) { config, input in config[keyPath: field] = try parseString(input, path) }
    }

    /// JSON `null`, or an empty environment value, restores "not set".
    static func optionalString(
        _ path: String, _ field: any WritableKeyPath<AppConfig, String?> & Sendable
    ) -> ConfigKey {
        ConfigKey(path: path, texts: { $0[keyPath: field].map { [$0] } ?? [] }) { config, input in
            switch input {
            case .json(.null): config[keyPath: field] = nil
            case let .text(text, _) where text.isEmpty: config[keyPath: field] = nil
            default: config[keyPath: field] = try parseString(input, path)
            }
        }
    }

    static func bool(_ path: String, _ field: any WritableKeyPath<AppConfig, Bool> & Sendable) -> ConfigKey {
        ConfigKey(path: path) { config, input in config[keyPath: field] = try parseBool(input, path) }
    }

    static func intList(_ path: String, _ field: any WritableKeyPath<AppConfig, [Int]> & Sendable) -> ConfigKey {
        ConfigKey(path: path) { config, input in
            config[keyPath: field] = try parseList(input, path).map { try parseInt($0, path) }
        }
    }

    static func stringList(
        _ path: String, _ field: any WritableKeyPath<AppConfig, [String]> & Sendable
    ) -> ConfigKey {
        ConfigKey(path: path, texts: { $0[keyPath: field] }) { config, input in
            config[keyPath: field] = try parseList(input, path).map { try parseString($0, path) }
        }
    }
}

extension ConfigKey {
    private static func parseInt(_ input: Input, _ path: String) throws -> Int {
        switch input {
        case let .json(.integer(value)):
            return value
        case let .text(text, source):
            guard let value = Int(text.trimmingSpaces) else { throw mismatch(path, "an integer", input, source) }
            return value
        case .json:
            throw mismatch(path, "an integer", input)
        }
    }

    private static func parseString(_ input: Input, _ path: String) throws -> String {
        switch input {
        case let .json(.string(text)): text
        case let .text(text, _): text
        case .json: throw mismatch(path, "a string", input)
        }
    }

    private static func parseBool(_ input: Input, _ path: String) throws -> Bool {
        switch input {
        case let .json(.bool(value)):
            return value
        case let .text(text, source):
            switch text.trimmingSpaces.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: throw mismatch(path, "true, false, 1 or 0", input, source)
            }
        case .json:
            throw mismatch(path, "true or false", input)
        }
    }

    /// A JSON array, or comma-separated text with blanks dropped (so `""` is the empty list).
    private static func parseList(_ input: Input, _ path: String) throws -> [Input] {
        switch input {
        case let .json(.array(items)):
            return items.map { .json($0) }
        case let .text(text, source):
            return text.split(separator: ",")
                .map { String($0).trimmingSpaces }
                .filter { !$0.isEmpty }
                .map { .text($0, source: source) }
        case .json:
            throw mismatch(path, "a list", input)
        }
    }

    private static func mismatch(_ path: String, _ expected: String, _ input: Input, _ source: String? = nil) -> ConfigError {
        let got = switch input {
        case let .json(value): value.literal
        case let .text(text, _): "\"\(text)\""
        }
        let from = source.map { " from \($0)" } ?? ""
        return .invalidValue(key: path, reason: "must be \(expected) (got \(got)\(from))")
    }
}

fileprivate extension String {
    /// Surrounding blanks trimmed, so `8080 ` in an env file still parses.
    var trimmingSpaces: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
