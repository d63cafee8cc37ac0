import Foundation
import Marketplace
import Synchronization
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// An idempotent POST route for tests, before the real ones (orders, payments) exist: each
/// run creates a numbered "resource", so the number tells how often the handler ran.
///
/// The JSON body may say `{"sleepMs": 300}` (slow), `{"fail": 500}` (throws an internal
/// error), `{"fail": 400}` (throws a validation problem) or `{"status": 503}` (returns it).
final class IdempotencyProbe: Sendable {
    static let path = "/probe/idempotent/things"
    private let runs = Mutex(0)

    /// How many times the handler ran.
    var count: Int { runs.withLock { $0 } }

    func mount(_ router: inout Router) {
        router.add(.post, Self.path, access: .anyRole, idempotent: true, doc: ProbeRoutes.doc) { [self] request, principal in
            let number = runs.withLock { $0 += 1; return $0 }
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            if let millis = body["sleepMs"] as? Int { try await Task.sleep(for: .milliseconds(millis)) }
            switch body["fail"] as? Int {
            case 500: throw Failure.boom
            case 400: throw HTTPError.invalidBody("probe says no", field: "fail")
            default: break
            }
            if let status = body["status"] as? Int { return Response.text("status \(status)", status: status) }
            var response = Response.json(Array(#"{"number":\#(number),"owner":\#(principal.userID.rawValue)}"#.utf8), status: 201)
            response.headers.add("Location", "\(Self.path)/\(number)")
            response.headers.add("Set-Cookie", "run=\(number)")   // never replayed
            response.headers.add("X-Run", String(number))
            return response
        }
        router.add(.post, Self.conflictsPath, access: .anyRole, idempotent: true, doc: Self.conflictsDoc) { _, _ in
            Response(status: 204)
        }
    }

    /// A route whose documentation already has a 409, to see both causes documented.
    static let conflictsPath = "/probe/idempotent/conflicts"
    static let conflictsDoc = OperationDoc("test probe with conflicts", tag: "test", replies: [
        .init(status: 201, description: "created"), .problem(409, "INSUFFICIENT_STOCK: not enough left"),
    ])

    enum Failure: Error { case boom }
}
