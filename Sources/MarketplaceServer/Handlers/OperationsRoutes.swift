import Marketplace
import Storage
import HTTPServer

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.json` (docs/API.md §8).
enum OperationsRoutes {
    /// `gauges` adds families read at scrape time (webhook deliveries by status).
    static func register(on router: inout Router, database: Database, metrics: Metrics, openAPI: @escaping @Sendable () -> [UInt8],
                         gauges: @escaping @Sendable () async -> [Metrics.Gauge] = { [] }) {
        // Probes are never refused: see Router.withoutRateLimit.
        router.withoutRateLimit { router in
            router.add(.get, "/healthz", doc: OperationDoc("Liveness: the process answers", tag: "operations", replies: [
                .init(status: 200, description: "ok", contentType: "text/plain", schema: .string()),
            ])) { _ in Response.text("ok") }

            router.add(.get, "/readyz", doc: OperationDoc("Readiness: storage answers", tag: "operations", replies: [
                .init(status: 200, description: "ready", contentType: "text/plain", schema: .string()),
                .problem(503, "storage does not answer"),
            ])) { _ in
                guard await database.ping() else {
                    throw MarketplaceError.unavailable(detail: "Storage does not answer.", retryAfterSeconds: 5)
                }
                return Response.text("ready")
            }
        }

        router.add(.get, "/metrics", doc: OperationDoc("Prometheus metrics", tag: "operations", replies: [
            .init(status: 200, description: "Prometheus text format 0.0.4", contentType: "text/plain", schema: .string()),
        ])) { _ in
            var response = Response.text(metrics.render(gauges: await gauges()))
            response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            return response
        }

        router.add(.get, "/openapi.json", doc: OperationDoc("This OpenAPI 3.1 document", tag: "operations", replies: [
            .init(status: 200, description: "the document", schema: .object([], open: true)),
        ])) { _ in Response.json(openAPI()) }
    }
}
