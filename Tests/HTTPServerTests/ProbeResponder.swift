import HTTPServer

/// The smallest application: `/echo` answers the body it got, `/slow?ms=` sleeps first,
/// `/small` takes at most 16 bytes, `/status?code=` answers that status, anything else is 404.
/// No marketplace in sight.
struct ProbeResponder: HTTPResponder {
    enum Route: Sendable { case echo, slow, small, status, missing }

    func plan(for head: RequestHead) -> RoutePlan {
        switch head.path {
        case "/echo": RoutePlan(bodyLimit: 1 << 20, readsBody: true, context: Route.echo)
        case "/slow": RoutePlan(bodyLimit: 0, readsBody: true, context: Route.slow)
        case "/small": RoutePlan(bodyLimit: 16, readsBody: true, context: Route.small)
        case "/status": RoutePlan(bodyLimit: 0, readsBody: true, context: Route.status)
        default: RoutePlan(bodyLimit: 1 << 20, readsBody: false, context: Route.missing)
        }
    }

    func respond(to request: Request, plan: RoutePlan) async -> Response {
        switch plan.context as? Route {
        case .echo, .small:
            var response = Response(status: 200, body: request.body)
            response.headers.add("X-Method", request.method.rawValue)
            response.headers.add("X-Peer", request.peerAddress)
            return response
        case .slow:
            let millis = Int(request.query("ms") ?? "") ?? 100
            try? await Task.sleep(for: .milliseconds(millis))
            return Response(status: 200, body: Array("slept".utf8))
        case .status:
            return Response(status: Int(request.query("code") ?? "") ?? 200)
        case .missing, nil:
            return Response(status: 404, body: Array("no such probe".utf8))
        }
    }

    func refuse(_ error: HTTPParseError, head: RequestHead?) -> Response {
        Response(status: error.status, body: Array(error.detail.utf8))
    }
}
