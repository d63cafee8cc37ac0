@testable import MarketplaceServer

/// Routes mounted only in engine tests: they exercise the HTTP engine with bodies and slow
/// handlers before the API has routes of that kind.
enum ProbeRoutes {
    static let doc = OperationDoc("test probe", tag: "test", replies: [.init(status: 200, description: "ok")])

    static func mount(_ router: inout Router) {
        router.add(.post, "/probe/echo", doc: doc) { request in
            var response = Response(status: 200, body: request.body)
            response.headers.add("X-Body-Length", String(request.body.count))
            return response
        }
        router.add(.post, "/probe/small", bodyLimit: 16, doc: doc) { request in Response.text("\(request.body.count)") }
        router.add(.get, "/probe/slow", doc: doc) { request in
            let millis = Int(request.query("ms") ?? "") ?? 1000
            try await Task.sleep(for: .milliseconds(millis))
            return Response.text("slept \(millis)")
        }
        router.add(.get, "/probe/fail", doc: doc) { _ in throw ProbeFailure.secret("db password is hunter2") }
        router.add(.get, "/probe/items/{id}", doc: doc) { request in Response.text(request.parameters["id"] ?? "") }
    }

    enum ProbeFailure: Error { case secret(String) }
}
