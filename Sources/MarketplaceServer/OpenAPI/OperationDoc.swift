import HTTPServer
/// What `/openapi.json` says about one route.
struct OperationDoc: Sendable {
    struct Parameter: Sendable {
        let name: String
        let schema: Schema
        var required = false
        var description: String? = nil
    }

    struct Reply: Sendable {
        let status: Int
        let description: String
        var contentType: String? = "application/json"
        var schema: Schema? = nil
        /// Response headers worth documenting (`Retry-After` on 429 and 503).
        var headers: [Parameter] = []
    }

    var summary: String
    var tag: String
    /// Needs `Authorization: Bearer`.
    var authenticated = false
    var query: [Parameter] = []
    /// Schemas of path parameters that are more than a non-empty string (a blob's bucket).
    var path: [Parameter] = []
    var headers: [Parameter] = []
    var body: (contentType: String, schema: Schema)? = nil
    /// The body may be left out (`requestBody.required: false`): every field has a default.
    var bodyOptional = false
    /// Other media types the same body may come as (an image upload's PNG, multipart, …).
    var alternativeBodies: [(contentType: String, schema: Schema)] = []
    var replies: [Reply]
    /// Counted by the general rate limit: every reply documents the `RateLimit` fields, 429 `Retry-After` too.
    var rateLimited = false

    init(_ summary: String, tag: String, authenticated: Bool = false, query: [Parameter] = [], headers: [Parameter] = [],
         body: (contentType: String, schema: Schema)? = nil, replies: [Reply]) {
        self.summary = summary
        self.tag = tag
        self.authenticated = authenticated
        self.query = query
        self.headers = headers
        self.body = body
        self.replies = replies
    }

    /// The paging parameters of docs/API.md §1.
    static func paging(maxSize: Int) -> [Parameter] {
        [
            Parameter(name: "page", schema: .integer(minimum: 1, maximum: 1_000_000), description: "1-based page number (default 1)"),
            Parameter(name: "size", schema: .integer(minimum: 1, maximum: Int64(maxSize)), description: "page size (default 20)"),
        ]
    }
}

extension OperationDoc.Reply {
    /// A problem+json reply.
    static func problem(_ status: Int, _ description: String) -> Self {
        Self(status: status, description: description, contentType: "application/problem+json", schema: .ref("Problem"))
    }

    /// This reply with `Retry-After`: whole seconds until the request may succeed.
    func retryAfter(_ description: String = "seconds until a retry may succeed") -> Self {
        var reply = self
        reply.headers.append(OperationDoc.Parameter(name: "Retry-After", schema: .integer(minimum: 1), required: true,
                                                    description: description))
        return reply
    }

    /// A JSON reply with a schema.
    static func json(_ status: Int, _ description: String, _ schema: Schema) -> Self {
        Self(status: status, description: description, schema: schema)
    }
}

extension OperationDoc {
    /// The same operation with its request body optional.
    func optionalBody() -> OperationDoc {
        var doc = self
        doc.bodyOptional = true
        return doc
    }
}
