import Foundation
import Synchronization
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Routes mounted only in engine tests: they exercise the HTTP engine with bodies and slow
/// handlers before the API has routes of that kind.
enum ProbeRoutes {
    /// How many `/probe/slow` handlers have started in this process: tests wait on it to know
    /// a request is in flight, instead of sleeping.
    static let slowStarted = Atomic<Int>(0)

    static let doc = OperationDoc("test probe", tag: "test", replies: [.init(status: 200, description: "ok")])

    static func mount(_ router: inout Router) {
        router.add(.post, "/probe/echo", doc: doc) { request in
            var response = Response(status: 200, body: request.body)
            response.headers.add("X-Body-Length", String(request.body.count))
            return response
        }
        router.add(.post, "/probe/small", bodyLimit: 16, doc: doc) { request in Response.text("\(request.body.count)") }
        router.add(.get, "/probe/slow", doc: doc) { request in
            slowStarted.add(1, ordering: .relaxed)
            let millis = Int(request.query("ms") ?? "") ?? 1000
            try await Task.sleep(for: .milliseconds(millis))
            return Response.text("slept \(millis)")
        }
        router.add(.get, "/probe/client", doc: doc) { request in Response.text("\(request.peerAddress) \(request.clientAddress)") }
        router.add(.get, "/probe/fail", doc: doc) { _ in throw ProbeFailure.secret("db password is hunter2") }
        router.add(.get, "/probe/items/{id}", doc: doc) { request in Response.text(request.parameters["id"] ?? "") }
        router.add(.get, "/probe/rest/{bucket}/{key...}", doc: doc) { request in
            Response.text("\(request.parameters["bucket"] ?? "")|\(request.parameters["key"] ?? "")")
        }
        router.add(.post, "/probe/spool", bodyLimit: 4 << 20, spoolsBody: true, doc: doc) { request in
            // What reached the handler: the body in a file, none of it in memory.
            let spooled = request.spooled
            let onDisk = spooled.map { (try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? -1 } ?? -1
            return Response.text("\(request.body.count) \(spooled?.size ?? -1) \(onDisk)")
        }
    }

    enum ProbeFailure: Error { case secret(String) }
}
