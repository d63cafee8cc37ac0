import HTTPServer
/// Builds the OpenAPI 3.1 document of every route in the table, once, at start-up.
enum OpenAPIDocument {
    /// `server` is `server.publicBaseUrl` when configured; otherwise the document names `/`,
    /// which OpenAPI resolves against wherever the document was fetched from.
    static func render(routes: [Route], schemas: [(String, Schema)], version: String, server: String? = nil) -> [UInt8] {
        var json = JSONWriter(capacity: 64 * 1024)
        json.beginObject()
        json.member("openapi", "3.1.0")
        json.key("info")
        json.beginObject()
        json.member("title", "Marketplace API")
        json.member("version", version)
        json.member("description", "Sellers list products, customers order and pay through Korean gateways, admins ship. Errors are application/problem+json (RFC 9457). "
            + "JSON request bodies under /api/v1 are strict (additionalProperties: false): an unknown field is 400 INVALID_REQUEST naming it "
            + "in errors[].field (dotted for nested objects and arrays: shippingAddress.zipcode, items[0].qty). The gateway sandboxes under "
            + "/sandbox ignore unknown fields, as the gateways they mimic do for their SDKs. "
            + "The reference is docs/API.md in the repository; GET /docs renders this document.")
        json.endObject()
        json.key("servers")
        json.beginArray()
        json.beginObject()
        json.member("url", server ?? "/")
        json.member("description", server == nil ? "this server (the address /openapi.json was fetched from)" : "server.publicBaseUrl")
        json.endObject()
        json.endArray()
        tags(used: Set(routes.map(\.doc.tag)), into: &json)

        json.key("paths")
        json.beginObject()
        var byPath: [String: [Route]] = [:]
        var order: [String] = []
        for route in routes {
            if byPath[route.pattern] == nil { order.append(route.pattern) }
            byPath[route.pattern, default: []].append(route)
        }
        for path in order.sorted() {
            json.key(path.replacing("...}", with: "}"))   // `{key...}` is our router's; OpenAPI says `{key}`
            json.beginObject()
            for route in byPath[path]!.sorted(by: { $0.method.rawValue < $1.method.rawValue }) {
                json.key(route.method.rawValue.lowercased())
                operation(route, route.doc, into: &json)
            }
            json.endObject()
        }
        json.endObject()

        json.key("components")
        json.beginObject()
        json.key("schemas")
        json.beginObject()
        for (name, schema) in schemas.sorted(by: { $0.0 < $1.0 }) { json.key(name); schema.write(to: &json) }
        json.endObject()
        json.key("headers")
        json.beginObject()
        for (name, description) in rateLimitFields {
            json.key(name)
            json.beginObject()
            json.member("description", description)
            json.key("schema"); (name == "Retry-After" ? Schema.integer(minimum: 1) : Schema.string()).write(to: &json)
            json.endObject()
        }
        json.endObject()
        json.key("securitySchemes")
        json.beginObject()
        json.key("bearerAuth")
        json.beginObject(); json.member("type", "http"); json.member("scheme", "bearer"); json.endObject()
        json.endObject()
        json.endObject()
        json.endObject()
        return json.bytes
    }

    private static func operation(_ route: Route, _ doc: OperationDoc, into json: inout JSONWriter) {
        json.beginObject()
        json.member("operationId", OpenAPIOperationIDs.id(route.method.rawValue, route.pattern))
        json.member("summary", doc.summary)
        json.key("tags"); json.beginArray(); json.string(doc.tag); json.endArray()
        let pathParameters = route.pattern.split(separator: "/").filter { $0.hasPrefix("{") }.map {
            String($0.dropFirst().dropLast()).replacing("...", with: "")
        }
        if !pathParameters.isEmpty || !doc.query.isEmpty || !doc.headers.isEmpty {
            json.key("parameters")
            json.beginArray()
            for name in pathParameters {
                var declared = doc.path.first { $0.name == name } ?? OperationDoc.Parameter(name: name, schema: .string(minLength: 1))
                declared.required = true
                parameter(declared, in: "path", into: &json)
            }
            for query in doc.query { parameter(query, in: "query", into: &json) }
            for header in doc.headers { parameter(header, in: "header", into: &json) }
            json.endArray()
        }
        if let body = doc.body {
            let example = body.contentType == "application/json" ? OpenAPIExamples.requests["\(route.method.rawValue) \(route.pattern)"] : nil
            json.key("requestBody")
            json.beginObject()
            json.member("required", !doc.bodyOptional)
            json.key("content"); json.beginObject()
            for (type, schema) in [body] + doc.alternativeBodies {
                json.key(type); json.beginObject(); json.key("schema"); schema.write(to: &json)
                if let example, type == body.contentType { json.key("example"); json.raw(Array(example.utf8)) }
                json.endObject()
            }
            json.endObject()
            json.endObject()
        }
        json.key("responses")
        json.beginObject()
        // Replies of one status (JSON, and CSV on `Accept: text/csv`) are one response with a
        // content entry per type: a JSON object cannot repeat the status key.
        var statuses: [Int] = []
        for reply in doc.replies where !statuses.contains(reply.status) { statuses.append(reply.status) }
        for status in statuses {
            let same = doc.replies.filter { $0.status == status }
            let reply = same[0]
            json.key(String(reply.status))
            json.beginObject()
            json.member("description", reply.description)
            // The reply's own headers first (with their own schema); the limit's fields, defined
            // once under `components.headers`, for the names the reply does not document itself.
            let own = reply.headers
            let rateLimitFields = !doc.rateLimited ? [] : rateLimitFields.map(\.0).filter { name in
                (name != "Retry-After" || reply.status == 429) && !own.contains { $0.name == name }
            }
            if !own.isEmpty || !rateLimitFields.isEmpty {
                json.key("headers"); json.beginObject()
                for header in own {
                    json.key(header.name); json.beginObject()
                    if let description = header.description { json.member("description", description) }
                    json.member("required", header.required)
                    json.key("schema"); header.schema.write(to: &json)
                    json.endObject()
                }
                for name in rateLimitFields {
                    json.key(name); json.beginObject(); json.member("$ref", "#/components/headers/\(name)"); json.endObject()
                }
                json.endObject()
            }
            let typed = same.filter { $0.contentType != nil }
            if !typed.isEmpty {
                json.key("content"); json.beginObject()
                for one in typed {
                    json.key(one.contentType!); json.beginObject()
                    if let schema = one.schema { json.key("schema"); schema.write(to: &json) }
                    json.endObject()
                }
                json.endObject()
            }
            json.endObject()
        }
        json.endObject()
        if doc.authenticated {
            json.key("security"); json.beginArray(); json.beginObject(); json.key("bearerAuth"); json.beginArray(); json.endArray(); json.endObject(); json.endArray()
        }
        json.endObject()
    }

    /// The top-level `tags`: `OpenAPITags` in its order, then any other tag a route uses.
    private static func tags(used: Set<String>, into json: inout JSONWriter) {
        let known = OpenAPITags.all.filter { used.contains($0.name) }
        let others = used.subtracting(known.map(\.name)).sorted()
        json.key("tags")
        json.beginArray()
        for tag in known {
            json.beginObject(); json.member("name", tag.name); json.member("description", tag.description); json.endObject()
        }
        for name in others { json.beginObject(); json.member("name", name); json.endObject() }
        json.endArray()
    }

    /// The fields of the general rate limit (draft-ietf-httpapi-ratelimit-headers-11), defined
    /// once under `components.headers`.
    private static let rateLimitFields: [(String, String)] = [
        ("RateLimit-Policy", "The quota per client address while limits.requestsPerMinute is above 0, e.g. "
            + "`\"default\";q=600;w=60` (600 requests within 60 seconds, a sliding window)."),
        ("RateLimit", "What is left for this client address, e.g. `\"default\";r=17;t=4`: 17 more requests now, and "
            + "no more than those within the next 4 seconds."),
        ("Retry-After", "Whole seconds until a request from this client address would be admitted again."),
    ]

    private static func parameter(_ parameter: OperationDoc.Parameter, in location: String, into json: inout JSONWriter) {
        json.beginObject()
        json.member("name", parameter.name)
        json.member("in", location)
        json.member("required", parameter.required)
        if let description = parameter.description { json.member("description", description) }
        json.key("schema"); parameter.schema.write(to: &json)
        json.endObject()
    }
}
