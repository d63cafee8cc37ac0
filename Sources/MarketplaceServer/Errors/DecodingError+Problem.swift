
extension DecodingError {
    /// 400 `INVALID_REQUEST` naming the field when the decoder knows it. The decoder's own
    /// description is not echoed: it is verbose and speaks Swift, not JSON.
    var problem: Problem {
        let detail = "The body is not the JSON this route expects."
        let issue: Problem.FieldProblem? = switch self {
        case let .keyNotFound(key, context):
            .init(field: Self.path(context.codingPath + [key]), message: "is required")
        case let .valueNotFound(_, context):
            .init(field: Self.path(context.codingPath), message: "must not be null")
        case let .typeMismatch(type, context):
            .init(field: Self.path(context.codingPath), message: context.codingPath.isEmpty ? "must be a JSON object" : "must be \(Self.jsonType(type))")
        case let .dataCorrupted(context) where !context.codingPath.isEmpty:
            .init(field: Self.path(context.codingPath), message: "is not a valid value")
        default:
            nil
        }
        guard let issue else { return Problem(status: 400, code: "INVALID_REQUEST", detail: "The body is not valid JSON.") }
        return Problem(status: 400, code: "INVALID_REQUEST", detail: detail, errors: [issue])
    }

    /// `items[2].productId` from the coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "(body)" : text
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
