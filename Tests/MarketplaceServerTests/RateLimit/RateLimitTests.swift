import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("The general rate limit, over HTTP")
struct RateLimitTests {
    @Test("60 requests at once from 127.0.0.2 over a limit of 20: exactly 20 answered, 40 refused; 127.0.0.3 meanwhile unaffected")
    func burst() async throws {
        try await withProbeServer(configure: { $0.limits.requestsPerMinute = 20 }) { server in
            let senders = RateLimitHarness.senders(60, from: "127.0.0.2") + RateLimitHarness.senders(20, from: "127.0.0.3")
            let answers = RateLimitHarness.simultaneously(server, "/api/v1/categories", senders: senders)
            try #require(answers.allSatisfy { $0.status > 0 }, "every request answered: \(answers.filter { $0.status < 0 }.map(\.code))")
            let burst = answers[0..<60], other = answers[60...]

            let admitted = burst.filter { $0.status != 429 }, refused = burst.filter { $0.status == 429 }
            #expect(admitted.count == 20, "\(burst.map(\.status))")
            #expect(refused.count == 40, "\(burst.count) \(burst.map(\.status))")
            #expect(admitted.allSatisfy { $0.status == 200 })
            // Counted one at a time: each admitted answer saw a different number left.
            #expect(admitted.compactMap { $0.remainingAndReset?.remaining }.sorted() == Array(0..<20))
            for answer in burst { #expect(answer.policy == #""default";q=20;w=60"#) }
            for answer in refused {
                #expect(answer.code == "RATE_LIMITED")
                let retryAfter = try #require(answer.retryAfter.flatMap { Int($0) })
                #expect((1...63).contains(retryAfter), "20 in the window: the next fits once they weigh 19 (63 s)")
                #expect(answer.rateLimit == #""default";r=0;t=\#(retryAfter)"#)
            }
            #expect(other.allSatisfy { $0.status == 200 }, "\(other.map(\.status))")
            #expect(other.compactMap { $0.remainingAndReset?.remaining }.sorted() == Array(0..<20))

            let again = try server.request("GET", "/api/v1/categories", from: "127.0.0.2")
            expectProblem(again, status: 429, code: "RATE_LIMITED")
            #expect(again.header("Cache-Control") == "no-store")
            let fresh = LimitedAnswer(try server.request("GET", "/api/v1/categories", from: "127.0.0.4"))
            #expect(fresh.status == 200 && fresh.remainingAndReset?.remaining == 19)
            let metrics = try server.request("GET", "/metrics", from: "127.0.0.5").text
            #expect(metrics.contains("# TYPE http_requests_rate_limited_total counter\nhttp_requests_rate_limited_total 41\n"))
            #expect(metrics.contains("rate_limit_tracked_clients 4\n"))
        }
    }

    @Test("probes are exempt; preflights, unknown paths and guarded routes count, and a refusal comes before authentication")
    func coverage() async throws {
        try await withProbeServer(configure: {
            $0.limits.requestsPerMinute = 2
            $0.server.corsAllowedOrigins = ["http://shop.test"]
        }) { server in
            for path in Array(repeating: "/healthz", count: 5) + Array(repeating: "/readyz", count: 5) {
                let reply = try server.request("GET", path, from: "127.0.0.2")
                #expect(reply.status == 200, "\(path)")
                #expect(reply.header("RateLimit") == nil && reply.header("RateLimit-Policy") == nil, "\(path) is not counted")
            }

            let preflight = [("Origin", "http://shop.test"), ("Access-Control-Request-Method", "POST")]
            let preflights = try (0..<3).map { _ in try server.request("OPTIONS", "/api/v1/auth/login", headers: preflight, from: "127.0.0.3") }
            #expect(preflights.map(\.status) == [204, 204, 429])
            #expect(preflights.map { LimitedAnswer($0).remainingAndReset?.remaining } == [1, 0, 0])
            // A browser can read the refusal: CORS still decorates it and exposes the fields.
            #expect(preflights[2].header("Access-Control-Allow-Origin") == "http://shop.test")
            #expect(preflights[2].header("Access-Control-Expose-Headers")?.contains("RateLimit-Policy") == true)

            let me = try (0..<3).map { _ in try server.request("GET", "/api/v1/me", from: "127.0.0.4") }
            #expect(me.map(\.status) == [401, 401, 429], "the third is refused before its (missing) token is looked at")
            #expect(me[2].header("WWW-Authenticate") == nil)
            #expect(me[0].header("RateLimit") != nil, "401s carry the fields too")

            let unknown = try (0..<3).map { _ in try server.request("GET", "/nothing/here", from: "127.0.0.5") }
            #expect(unknown.map(\.status) == [404, 404, 429])

            let metrics = try server.request("GET", "/metrics", from: "127.0.0.6")
            #expect(metrics.status == 200 && metrics.header("RateLimit-Policy") == #""default";q=2;w=60"#, "/metrics is counted")
            #expect(metrics.text.contains("http_requests_rate_limited_total 3\n"))
        }
    }

    @Test("limits.requestsPerMinute 0 turns the limit off: no fields, no refusals")
    func off() async throws {
        try await withProbeServer(configure: { $0.limits.requestsPerMinute = 0 }) { server in
            let client = try server.client(from: "127.0.0.2")
            for _ in 0..<50 {
                let reply = try client.request("GET", "/api/v1/categories")
                #expect(reply.status == 200)
                #expect(reply.header("RateLimit") == nil && reply.header("RateLimit-Policy") == nil)
            }
            let metrics = try server.request("GET", "/metrics").text
            #expect(!metrics.contains("rate_limited"))
        }
    }
}
