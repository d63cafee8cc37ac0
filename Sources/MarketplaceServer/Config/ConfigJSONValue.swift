/// Any JSON value, decoded generically so the config file can be walked key by key.
///
/// Named for config so it cannot clash with a DTO-side JSON type in this module;
/// JSONSerialization is not in FoundationEssentials, hence this enum.
enum ConfigJSONValue: Decodable, Equatable, Sendable {
    case object([String: ConfigJSONValue])
    case array([ConfigJSONValue])
    case string(String)
    /// Kept apart from `number` so `8080` never round-trips through a Double.
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Order matters: JSONDecoder refuses Bool for numbers and Int for 1.5, so the
        // first type that decodes is the one written in the file.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ConfigJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ConfigJSONValue].self))
        }
    }

    /// The value as it would appear in the file, for error messages.
    var literal: String {
        switch self {
        case let .object(members): members.isEmpty ? "{}" : "{…}"
        case let .array(items): "[" + items.map(\.literal).joined(separator: ",") + "]"
        case let .string(text): "\"\(text)\""
        case let .integer(value): String(value)
        case let .number(value): String(value)
        case let .bool(value): String(value)
        case .null: "null"
        }
    }
}
