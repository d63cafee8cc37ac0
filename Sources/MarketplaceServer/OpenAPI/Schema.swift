/// A JSON Schema (2020-12, as OpenAPI 3.1 uses it), written straight to JSON.
struct Schema: Sendable {
    fileprivate let render: @Sendable (inout JSONWriter) -> Void

    func write(to json: inout JSONWriter) { render(&json) }

    /// A reference to `#/components/schemas/<name>`.
    static func ref(_ name: String) -> Schema {
        Schema { json in json.beginObject(); json.member("$ref", "#/components/schemas/\(name)"); json.endObject() }
    }

    static func string(format: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
                       values: [String]? = nil, description: String? = nil) -> Schema {
        Schema { json in
            json.beginObject()
            json.member("type", "string")
            if let format { json.member("format", format) }
            if let minLength { json.member("minLength", minLength) }
            if let maxLength { json.member("maxLength", maxLength) }
            if let pattern { json.member("pattern", pattern) }
            if let values { json.key("enum"); json.beginArray(); values.forEach { json.string($0) }; json.endArray() }
            if let description { json.member("description", description) }
            json.endObject()
        }
    }

    static func integer(minimum: Int64? = nil, maximum: Int64? = nil, description: String? = nil) -> Schema {
        Schema { json in
            json.beginObject()
            json.member("type", "integer")
            json.member("format", "int64")
            if let minimum { json.member("minimum", minimum) }
            if let maximum { json.member("maximum", maximum) }
            if let description { json.member("description", description) }
            json.endObject()
        }
    }

    static let boolean = Schema { json in json.beginObject(); json.member("type", "boolean"); json.endObject() }

    static func array(_ items: Schema, minItems: Int? = nil, maxItems: Int? = nil, uniqueItems: Bool = false) -> Schema {
        Schema { json in
            json.beginObject()
            json.member("type", "array")
            json.key("items"); items.write(to: &json)
            if let minItems { json.member("minItems", minItems) }
            if let maxItems { json.member("maxItems", maxItems) }
            if uniqueItems { json.member("uniqueItems", true) }
            json.endObject()
        }
    }

    /// Any one of `schemas` (JSON Schema `anyOf`).
    static func anyOf(_ schemas: [Schema], description: String? = nil) -> Schema {
        Schema { json in
            json.beginObject()
            json.key("anyOf")
            json.beginArray()
            for schema in schemas { schema.write(to: &json) }
            json.endArray()
            if let description { json.member("description", description) }
            json.endObject()
        }
    }

    /// An object with these properties; unknown properties are not allowed unless `open`.
    static func object(_ properties: [(String, Schema)], required: [String] = [], open: Bool = false) -> Schema {
        Schema { json in
            json.beginObject()
            json.member("type", "object")
            json.key("properties")
            json.beginObject()
            for (name, schema) in properties { json.key(name); schema.write(to: &json) }
            json.endObject()
            if !required.isEmpty { json.key("required"); json.beginArray(); required.forEach { json.string($0) }; json.endArray() }
            if !open { json.member("additionalProperties", false) }
            json.endObject()
        }
    }

    /// `schema` or null.
    static func nullable(_ schema: Schema) -> Schema {
        Schema { json in
            json.beginObject()
            json.key("anyOf")
            json.beginArray()
            schema.write(to: &json)
            json.beginObject(); json.member("type", "null"); json.endObject()
            json.endArray()
            json.endObject()
        }
    }

    /// A page of `item`s (docs/API.md §1).
    static func page(of item: Schema) -> Schema {
        .object([
            ("items", .array(item)), ("page", .integer(minimum: 1)), ("size", .integer(minimum: 1)),
            ("totalItems", .integer(minimum: 0)), ("totalPages", .integer(minimum: 0)),
        ], required: ["items", "page", "size", "totalItems", "totalPages"])
    }
}
