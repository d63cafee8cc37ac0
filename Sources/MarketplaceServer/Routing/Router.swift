import Marketplace
import HTTPServer

/// A public route's handler: decodes, calls one service, encodes. Errors go to `ProblemMapper`.
typealias Handler = @Sendable (Request) async throws -> Response

/// A protected route's handler: the middleware has already authenticated the request and
/// checked the role, and hands over the `Principal` (no header parsing in handlers).
typealias AuthenticatedHandler = @Sendable (Request, Principal) async throws -> Response

/// One method on one path pattern.
struct Route: Sendable {
    /// What runs, and whether a bearer token is needed first.
    enum Endpoint: Sendable {
        case open(Handler)
        case guarded(RouteAccess, AuthenticatedHandler)
    }

    let method: HTTPMethod
    /// `/api/v1/products/{id}`: literal segments and `{name}` parameters.
    let pattern: String
    /// The body limit, when this route needs another than the server's default.
    let bodyLimit: Int?
    /// The body is written to a temporary file as it arrives (`Request.spooled`), not kept in memory.
    var spoolsBody = false
    /// What `/openapi.json` says about it.
    var doc: OperationDoc
    let endpoint: Endpoint
    /// `Idempotency-Key` is honoured (`IdempotencyGuard`); guarded routes only.
    var idempotent = false
    /// Counted by the general rate limit (`RateLimiter`); false only for routes registered
    /// inside `Router.withoutRateLimit` (probes, the sandbox).
    var rateLimited = true
}

/// What the router found for a method and path.
struct RouteMatch: Sendable {
    enum Kind: Sendable {
        case found(Route)
        case notFound
        /// The path exists under other methods: 405 with `Allow`.
        case methodNotAllowed(allowed: [HTTPMethod])
        /// A CORS preflight or plain OPTIONS for a path that exists.
        case options(allowed: [HTTPMethod])
    }

    let kind: Kind
    var parameters: [String: String] = [:]
    /// The pattern for logs and metrics (`(unmatched)` when nothing matched).
    var pattern: String = "(unmatched)"

    /// Whether the general rate limit counts this request: every route but the exempt ones,
    /// and every unmatched path and OPTIONS (scans and preflights cost too).
    var isRateLimited: Bool {
        if case .found(let route) = kind { return route.rateLimited }
        return true
    }
}

/// Collects routes while the application is assembled; `freeze()` makes the immutable table.
struct Router {
    private var routes: [Route] = []
    /// Set while `withoutRateLimit` registers routes.
    var exemptingFromRateLimit = false

    /// Adds a public route. Realm paths (`/api/v1/seller/**`, …) cannot be public.
    mutating func add(_ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, spoolsBody: Bool = false, doc: OperationDoc,
                      _ handler: @escaping Handler) {
        precondition(RouteAccess.realm(of: pattern) == nil, "\(pattern) lies in a realm and needs access: .role(…)")
        precondition(!doc.authenticated, "\(pattern) is documented as authenticated: register it with access:")
        append(Route(method: method, pattern: pattern, bodyLimit: bodyLimit, spoolsBody: spoolsBody, doc: doc, endpoint: .open(handler)))
    }

    /// Adds a route that needs a bearer token; under a realm prefix the access must be that
    /// realm's role. The OpenAPI operation is marked as secured.
    ///
    /// `idempotent: true` honours `Idempotency-Key` (docs/API.md §1, `IdempotencyGuard`): keys are
    /// scoped to the token's account, so only guarded routes can be idempotent. The header,
    /// 400, 409 and 422 are added to the operation's documentation.
    mutating func add(_ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, spoolsBody: Bool = false, access: RouteAccess,
                      idempotent: Bool = false, doc: OperationDoc, _ handler: @escaping AuthenticatedHandler) {
        if let realm = RouteAccess.realm(of: pattern) {
            precondition(access == .role(realm), "\(pattern) lies in the \(realm.rawValue) realm and needs access: .role(.\(realm))")
        }
        var doc = doc
        if idempotent {
            precondition([.post, .put, .patch, .delete].contains(method), "\(pattern): only unsafe methods can be idempotent routes")
            // The fingerprint hashes the body in memory; a spooled body is not there.
            precondition(!spoolsBody, "\(pattern): an idempotent route cannot spool its body")
            Self.documentIdempotency(&doc)
        }
        doc.authenticated = true
        if !doc.replies.contains(where: { $0.status == 401 }) {
            doc.replies.append(.problem(401, "UNAUTHORIZED: missing, unknown, expired or revoked token (WWW-Authenticate: Bearer)"))
        }
        if case .role(let role) = access, !doc.replies.contains(where: { $0.status == 403 }) {
            doc.replies.append(.problem(403, "FORBIDDEN_ROLE: the token's account is not \(role.rawValue)"))
        }
        append(Route(method: method, pattern: pattern, bodyLimit: bodyLimit, spoolsBody: spoolsBody, doc: doc,
                     endpoint: .guarded(access, handler), idempotent: idempotent))
    }

    private static func documentIdempotency(_ doc: inout OperationDoc) {
        if !doc.headers.contains(where: { $0.name.equalsIgnoringASCIICase(IdempotencyGuard.header) }) {
            doc.headers.append(OperationDoc.Parameter(
                name: IdempotencyGuard.header, schema: .string(minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7E]+$"),
                description: "Makes the request safe to retry: kept 24 h per account; the same request again replays the "
                    + "stored status and body with `Idempotent-Replayed: true`."))
        }
        let replies: [OperationDoc.Reply] = [
            .problem(400, "INVALID_REQUEST: an Idempotency-Key that is not 1–255 visible ASCII characters, or sent twice"),
            .problem(409, "IDEMPOTENCY_IN_PROGRESS: a request with this Idempotency-Key is still running"),
            .problem(422, "IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for a different request"),
        ]
        for reply in replies { merge(reply, into: &doc) }
    }

    /// Adds `reply`; a status the route documents already (409 INSUFFICIENT_STOCK, …) names both causes.
    static func merge(_ reply: OperationDoc.Reply, into doc: inout OperationDoc) {
        if let index = doc.replies.firstIndex(where: { $0.status == reply.status }) {
            let existing = doc.replies[index]
            doc.replies[index] = OperationDoc.Reply(status: existing.status, description: existing.description + "; " + reply.description,
                                                    contentType: existing.contentType, schema: existing.schema,
                                                    headers: existing.headers + reply.headers.filter { header in
                                                        !existing.headers.contains { $0.name == header.name }
                                                    })
        } else {
            doc.replies.append(reply)
        }
    }

    private mutating func append(_ route: Route) {
        precondition(!routes.contains { $0.method == route.method && $0.pattern == route.pattern },
                     "duplicate route \(route.method) \(route.pattern)")
        var route = route
        route.rateLimited = !exemptingFromRateLimit
        if route.rateLimited { Self.documentRateLimit(&route.doc) }
        Self.documentCommonReplies(&route)
        routes.append(route)
    }

    var all: [Route] { routes }

    func freeze() -> RouteTable { RouteTable(routes) }
}

/// The frozen routing table: static paths in one dictionary, parameterized ones in a
/// segment tree. `Sendable`, shared by every loop without locks.
struct RouteTable: Sendable {
    private final class Node: @unchecked Sendable {   // built once in init, read-only after
        var literal: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        /// `{name...}` as the last segment: the rest of the path, slashes included.
        var rest: (name: String, node: Node)?
        var methods: [HTTPMethod: Route] = [:]
    }

    private let exact: [String: [HTTPMethod: Route]]
    private let tree = Node()
    let routes: [Route]
    /// What the server as a whole allows (`OPTIONS *`, CONNECT's `host:port`): every
    /// method some route serves, with HEAD beside GET and OPTIONS.
    let serverMethods: [HTTPMethod]

    init(_ routes: [Route]) {
        self.routes = routes
        serverMethods = Self.allowed(Set(routes.map(\.method)))
        var exact: [String: [HTTPMethod: Route]] = [:]
        for route in routes {
            let segments = route.pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            if !segments.contains(where: { $0.hasPrefix("{") }) {
                exact[route.pattern, default: [:]][route.method] = route
                continue
            }
            var node = tree
            for segment in segments {
                if segment.hasPrefix("{") && segment.hasSuffix("...}") {
                    precondition(segment == segments.last!, "\(route.pattern): {name...} must be the last segment")
                    let name = String(segment.dropFirst().dropLast(4))
                    if node.rest == nil { node.rest = (name, Node()) }
                    node = node.rest!.node
                } else if segment.hasPrefix("{") && segment.hasSuffix("}") {
                    let name = String(segment.dropFirst().dropLast())
                    if node.parameter == nil { node.parameter = (name, Node()) }
                    precondition(node.parameter!.name == name, "conflicting parameter names at \(route.pattern)")
                    node = node.parameter!.node
                } else {
                    let next = node.literal[String(segment)] ?? Node()
                    node.literal[String(segment)] = next
                    node = next
                }
            }
            node.methods[route.method] = route
        }
        self.exact = exact
    }

    func match(_ method: HTTPMethod, _ path: String) -> RouteMatch {
        if !path.hasPrefix("/") {
            // `OPTIONS *` (RFC 9110 §9.3.7) or CONNECT's `host:port` (§9.3.6): the server as a
            // whole, which tunnels nowhere (no proxy), so CONNECT is 405 like TRACE elsewhere.
            let kind: RouteMatch.Kind = method == .options ? .options(allowed: serverMethods) : .methodNotAllowed(allowed: serverMethods)
            return RouteMatch(kind: kind, pattern: "*")
        }
        var parameters: [String: String] = [:]
        var methods = exact[path]
        if methods == nil {
            guard let found = Self.walk(tree, path, &parameters) else { return RouteMatch(kind: .notFound) }
            methods = found
        }
        guard let methods, let any = methods.values.first else { return RouteMatch(kind: .notFound) }
        let pattern = any.pattern
        if let route = methods[method] ?? (method == .head ? methods[.get] : nil) {
            return RouteMatch(kind: .found(route), parameters: parameters, pattern: pattern)
        }
        let sorted = Self.allowed(Set(methods.keys))
        if method == .options { return RouteMatch(kind: .options(allowed: sorted), parameters: parameters, pattern: pattern) }
        return RouteMatch(kind: .methodNotAllowed(allowed: sorted), parameters: parameters, pattern: pattern)
    }

    /// The `Allow` list of a resource served under `methods`: HEAD wherever GET is, OPTIONS
    /// always, in a fixed order.
    private static func allowed(_ methods: Set<HTTPMethod>) -> [HTTPMethod] {
        var allowed = methods
        if allowed.contains(.get) { allowed.insert(.head) }
        allowed.insert(.options)
        return HTTPMethod.allCases.filter(allowed.contains)
    }

    private static func walk(_ root: Node, _ path: String, _ parameters: inout [String: String]) -> [HTTPMethod: Route]? {
        guard path.hasPrefix("/") else { return nil }
        var node = root
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        for (index, raw) in zip(segments.indices, segments) {
            let segment = Substring(raw)
            if let next = node.literal[String(segment)] {
                node = next
            } else if let (name, next) = node.parameter, !segment.isEmpty, let value = PercentDecoding.decode(segment) {
                parameters[name] = value
                node = next
            } else if let (name, next) = node.rest, !segment.isEmpty {
                let remainder = segments[index...].map { Substring($0) }.joined(separator: "/")
                guard let value = PercentDecoding.decode(remainder[...]) else { return nil }
                parameters[name] = value
                node = next
                break
            } else {
                return nil
            }
        }
        return node.methods.isEmpty ? nil : node.methods
    }
}
