import HTTPServer
/// The application as the HTTP engine sees it: routing plus the middleware every request
/// passes — client address, request id, the general rate limit, authentication (protected
/// routes only), error mapping, CORS, metrics and the access log.
struct Responder: HTTPResponder {
    let table: RouteTable
    let limits: ServerLimits
    let logger: Logger
    let metrics: Metrics
    let cors: CORSPolicy
    let gate: AccessGate
    /// `Idempotency-Key` handling for the routes added with `idempotent: true`.
    let idempotency: IdempotencyGuard
    /// `server.trustedProxies`: whose `X-Forwarded-For` names the client.
    var proxies = TrustedProxies()
    /// The general rate limit; nil when `limits.requestsPerMinute` is 0.
    var rateLimiter: RateLimiter? = nil
    /// Where spooled request bodies (uploads) are written while they arrive.
    var uploadDirectory: String? = nil

    func plan(for head: RequestHead) -> RoutePlan {
        let match = table.match(head.method, head.path)
        if case .found(let route) = match.kind {
            return RoutePlan(bodyLimit: route.bodyLimit ?? limits.defaultBodyBytes, readsBody: true, match: match,
                             spoolDirectory: route.spoolsBody ? uploadDirectory : nil)
        }
        return RoutePlan(bodyLimit: limits.defaultBodyBytes, readsBody: false, match: match)
    }

    func respond(to incoming: Request, plan: RoutePlan) async -> Response {
        let started = Self.monotonicSeconds()
        var request = incoming
        // First of all, so that the limit, handlers and the log all see the same client.
        // The peer's bits come from accept; only a request not from a socket has its text parsed.
        let client = proxies.client(peer: request.peerAddress, request.peer.map(IPAddress.init) ?? IPAddress(request.peerAddress),
                                    headers: request.headers)
        request.clientAddress = client.text
        request.requestID = RequestID.resolve(request.headers["X-Request-Id"])
        // Counted and checked at once, before authentication or the handler (docs/API.md §12).
        let limit = plan.match.isRateLimited ? rateLimiter?.admit(client.address, at: started) : nil
        request.parameters = plan.match.parameters
        request.route = plan.match.pattern
        // Two `traceparent` fields are as invalid as a malformed one: ignored (W3C §3.2.2).
        // One lookup on the common path (no `traceparent`); the list only when there is one.
        let trace: TraceContext? = request.headers["traceparent"] == nil ? nil : {
            let traceparents = request.headers.values("traceparent")
            return traceparents.count == 1 ? TraceContext(header: traceparents[0]) : nil
        }()
        var response: Response
        var account: Int64?
        var code: String?
        // Set once a bearer token is asked for: such answers are personal, so never cached.
        var guarded = false
        do {
            if case .refused(let retryAfter)? = limit, let rateLimiter {
                throw RateLimitError(limit: rateLimiter.policy.limit, windowSeconds: Int(rateLimiter.policy.windowMillis / 1000),
                                     retryAfter: retryAfter)
            }
            switch plan.match.kind {
            case .found(let route):
                switch route.endpoint {
                case .open(let handler):
                    response = try await handler(request)
                case .guarded(let access, let handler):
                    guarded = true
                    let principal = try await gate.admit(request, access, account: &account)
                    response = route.idempotent ? try await idempotency.run(request, principal, handler)
                                                : try await handler(request, principal)
                }
            case .notFound:
                try await guardRealm(request, &guarded, &account)
                throw HTTPError.notFound
            case .methodNotAllowed(let allowed):
                try await guardRealm(request, &guarded, &account)
                throw HTTPError.methodNotAllowed(allowed)
            case .options(let allowed): response = cors.preflight(request, allowed: allowed)
            }
        } catch {
            let problem = ProblemMapper.problem(for: error, requestID: request.requestID)
            code = problem.code
            if problem.status >= 500 {
                logger.log(.error, "request failed", requestID: request.requestID, [("error", .string(String(describing: error)))])
            }
            response = problem.response()
        }
        if guarded { response.headers.set("Cache-Control", "no-store") }
        if let limit, let rateLimiter { rateLimiter.decorate(&response, limit) }
        cors.decorate(&response, origin: request.headers["Origin"])
        SecurityHeaders.apply(to: &response)
        response.headers.add("X-Request-Id", request.requestID)
        if let trace { response.headers.set("traceresponse", trace.responseHeader) }
        finish(request.head, route: plan.match.pattern, requestID: request.requestID, status: response.status, started: started,
               client: request.clientAddress, peer: request.peerAddress,
               context: LineContext(code: code ?? Self.problemCode(response), account: account, trace: trace))
        return response
    }

    func refuse(_ error: HTTPParseError, head: RequestHead?) -> Response {
        let requestID = RequestID.resolve(head?.headers["X-Request-Id"])
        var response = error.problem.response()
        SecurityHeaders.apply(to: &response)
        response.headers.add("X-Request-Id", requestID)
        if let head {
            finish(head, route: "(refused)", requestID: requestID, status: response.status, started: Self.monotonicSeconds(),
                   context: LineContext(code: error.problem.code))
        } else {
            metrics.record(route: "(refused)", method: "-", status: response.status, seconds: 0)
            logger.log(.info, "request refused", requestID: requestID, [("status", .int(response.status)), ("code", .string(error.problem.code)),
                                                                          ("reason", .string(error.detail))])
        }
        return response
    }

    /// Unmatched paths inside a realm answer 401/403 before 404/405, so that probing without
    /// a token learns nothing about which routes exist there. Public paths pay nothing.
    /// `account` is the caller's once its token is known.
    private func guardRealm(_ request: Request, _ guarded: inout Bool, _ account: inout Int64?) async throws {
        guard let role = RouteAccess.realm(of: request.path) else { return }
        guarded = true
        _ = try await gate.admit(request, .role(role), account: &account)
    }

    /// What the access log line says beyond the request and its status.
    struct LineContext {
        /// The problem's `code` when the answer is an error.
        var code: String? = nil
        /// The authenticated account acting (`accountId`); nil for anonymous requests.
        var account: Int64? = nil
        /// The caller's valid `traceparent`: `traceId`, `parentId` and this server's `spanId`.
        var trace: TraceContext? = nil
    }

    /// Metrics and the access log line: `client` (and `peer`, the proxy, when it differs); both
    /// nil for requests refused before routing.
    private func finish(_ head: RequestHead, route: String, requestID: String, status: Int, started: Double,
                        client: String? = nil, peer: String? = nil, context: LineContext = LineContext()) {
        let seconds = Self.monotonicSeconds() - started
        metrics.record(route: route, method: head.method.rawValue, status: status, seconds: seconds)
        guard logger.enabled(.info) else { return }
        var fields: [(String, Logger.Value)] = [
            ("method", .string(head.method.rawValue)), ("route", .string(route)), ("path", .string(head.path)),
            ("status", .int(status)), ("durationMs", .double((seconds * 1_000_000).rounded() / 1000)),
        ]
        if let client { fields.append(("client", .string(client))) }
        if let peer, peer != client { fields.append(("peer", .string(peer))) }
        if let code = context.code { fields.append(("code", .string(code))) }
        if let account = context.account { fields.append(("accountId", .int(Int(account)))) }
        if let trace = context.trace {
            fields += [("traceId", .string(trace.traceID)), ("parentId", .string(trace.parentID)), ("spanId", .string(trace.spanID)),
                       ("traceFlags", .string(trace.flags))]
        }
        logger.log(.info, "request", requestID: requestID, fields)
    }

    /// The `code` of a problem a handler returned rather than threw (a CORS refusal, a replayed
    /// idempotent answer): the first `"code":"…"` of the body, which in our problems can only be
    /// the top-level member (a quote inside a string is escaped).
    static func problemCode(_ response: Response) -> String? {
        guard response.status >= 400, response.headers["Content-Type"] == "application/problem+json" else { return nil }
        let marker = Array(#""code":""#.utf8)
        let body = response.body
        guard let start = body.firstRange(of: marker)?.upperBound,
              let end = body[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: body[start..<end], as: UTF8.self)
    }

    static func monotonicSeconds() -> Double { Sys.monotonicSeconds() }
}
