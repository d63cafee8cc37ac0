import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Operations endpoints")
struct OperationsEndpointTests {
    @Test("/healthz answers 200 ok as text/plain")
    func healthz() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/healthz")
            #expect(reply.status == 200)
            #expect(reply.text == "ok")
            #expect(reply.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(reply.header("Date") != nil)
        }
    }

    @Test("/readyz answers 200 while storage answers")
    func readyz() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/readyz")
            #expect(reply.status == 200)
        }
    }

    @Test("/metrics is Prometheus text and counts a request by route, method and status")
    func metricsCountRequests() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            _ = try client.request("GET", "/probe/items/first")
            _ = try client.request("GET", "/probe/items/second")
            _ = try client.request("DELETE", "/healthz")
            let reply = try client.request("GET", "/metrics")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let lines = reply.text.split(separator: "\n").map(String.init)
            #expect(lines.contains("# TYPE http_requests_total counter"))
            #expect(lines.contains(#"http_requests_total{route="/probe/items/{id}",method="GET",status="200"} 2"#))
            #expect(lines.contains(#"http_requests_total{route="/healthz",method="DELETE",status="405"} 1"#))
            #expect(lines.contains { $0.hasPrefix("http_request_duration_seconds_count{route=\"/probe/items/{id}\"} ") })
            #expect(lines.contains("# TYPE storage_writes_total counter"))
            #expect(lines.contains("# TYPE storage_writes_waiting gauge"))
            #expect(lines.contains { $0.hasPrefix("storage_write_retries_total ") })
            // Every sample line is `name{labels} value` or `name value`.
            for line in lines where !line.hasPrefix("#") {
                let value = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(Double(value) != nil, "not a sample: \(line)")
            }
        }
    }

    @Test("/openapi.json is an OpenAPI 3.1.0 document listing the routes")
    func openAPIDocument() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            let document = try reply.json()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/healthz", "/readyz", "/metrics", "/openapi.json", "/probe/echo", "/probe/items/{id}"] {
                #expect(paths[path] != nil, "\(path) is missing from paths")
            }
            let healthz = try #require(paths["/healthz"] as? [String: Any])
            #expect(healthz["get"] != nil)
        }
    }
}
