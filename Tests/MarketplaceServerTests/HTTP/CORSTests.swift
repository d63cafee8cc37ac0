import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("CORS")
struct CORSTests {
    static func allowShop(_ config: inout AppConfig) {
        config.server.corsAllowedOrigins = ["https://shop.example"]
    }

    @Test("a request from an allowed origin gets Access-Control-Allow-Origin and Vary: Origin")
    func allowedOrigin() async throws {
        try await withProbeServer(configure: Self.allowShop) { server in
            let reply = try server.request("GET", "/healthz", headers: [("Origin", "https://shop.example")])
            #expect(reply.status == 200)
            #expect(reply.header("Access-Control-Allow-Origin") == "https://shop.example")
            #expect(reply.headers.contains { $0.0.lowercased() == "vary" && $0.1.contains("Origin") })
            #expect(reply.header("Access-Control-Expose-Headers")?.contains("X-Request-Id") == true)
        }
    }

    @Test("error responses to an allowed origin carry the CORS headers too")
    func allowedOriginOnError() async throws {
        try await withProbeServer(configure: Self.allowShop) { server in
            let reply = try server.request("GET", "/nowhere", headers: [("Origin", "https://shop.example")])
            #expect(reply.status == 404)
            #expect(reply.header("Access-Control-Allow-Origin") == "https://shop.example")
        }
    }

    @Test("a request from another origin, or without one, gets no CORS headers", arguments: [
        "https://evil.example", "https://shop.example.evil", "http://shop.example", "null",
    ])
    func otherOrigin(origin: String) async throws {
        try await withProbeServer(configure: Self.allowShop) { server in
            let reply = try server.request("GET", "/healthz", headers: [("Origin", origin)])
            #expect(reply.status == 200)
            #expect(reply.header("Access-Control-Allow-Origin") == nil)
            #expect(reply.header("Access-Control-Expose-Headers") == nil)
            let plain = try server.request("GET", "/healthz")
            #expect(plain.header("Access-Control-Allow-Origin") == nil)
        }
    }

    @Test("a preflight from the allowed origin gets 204 with the allowed methods and headers")
    func preflightAllowed() async throws {
        try await withProbeServer(configure: Self.allowShop) { server in
            let reply = try server.request("OPTIONS", "/probe/echo", headers: [
                ("Origin", "https://shop.example"),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type, x-request-id"),
            ])
            #expect(reply.status == 204)
            #expect(reply.body.isEmpty)
            #expect(reply.header("Access-Control-Allow-Origin") == "https://shop.example")
            let methods = try #require(reply.header("Access-Control-Allow-Methods"))
            #expect(methods.contains("POST"))
            let headers = try #require(reply.header("Access-Control-Allow-Headers"))
            #expect(headers.contains("Content-Type"))
            #expect(headers.contains("X-Request-Id"))
            #expect(headers.contains("Authorization"))
            #expect(reply.headers.contains { $0.0.lowercased() == "vary" && $0.1.contains("Origin") })
        }
    }

    @Test("a preflight from another origin gets 403")
    func preflightRefused() async throws {
        try await withProbeServer(configure: Self.allowShop) { server in
            let reply = try server.request("OPTIONS", "/probe/echo", headers: [
                ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST"),
            ])
            #expect(reply.status == 403)
            #expect(reply.header("Content-Type") == "application/problem+json")
            #expect(reply.header("Access-Control-Allow-Origin") == nil)
            #expect(reply.header("Access-Control-Allow-Methods") == nil)
        }
    }

    @Test("a plain OPTIONS lists the path's methods in Allow")
    func plainOptions() async throws {
        try await withProbeServer(configure: Self.allowShop) { server in
            let reply = try server.request("OPTIONS", "/healthz")
            #expect(reply.status == 204)
            #expect(reply.header("Allow") == "GET, HEAD, OPTIONS")
        }
    }

    @Test("`*` allows any origin: answered `Access-Control-Allow-Origin: *`, without Vary or credentials, preflights too")
    func anyOrigin() async throws {
        try await withProbeServer(configure: { $0.server.corsAllowedOrigins = ["*"] }) { server in
            for origin in ["https://anywhere.example", "http://localhost:5173", "null"] {
                let reply = try server.request("GET", "/healthz", headers: [("Origin", origin)])
                #expect(reply.status == 200)
                #expect(reply.header("Access-Control-Allow-Origin") == "*")
                #expect(reply.header("Access-Control-Allow-Credentials") == nil)
                #expect(!reply.headers.contains { $0.0.lowercased() == "vary" && $0.1.contains("Origin") })
                #expect(reply.header("Access-Control-Expose-Headers")?.contains("RateLimit") == true)
            }
            let preflight = try server.request("OPTIONS", "/probe/echo", headers: [
                ("Origin", "https://anywhere.example"), ("Access-Control-Request-Method", "POST"),
            ])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Credentials") == nil)
            #expect(preflight.header("Access-Control-Allow-Headers")?.contains("Authorization") == true)
            #expect(try server.request("GET", "/healthz").header("Access-Control-Allow-Origin") == nil, "no Origin, no CORS")
        }
    }

    @Test("the configuration accepts `*` in server.corsAllowedOrigins, as README says")
    func anyOriginConfig() throws {
        let config = try ConfigFixture.load(file: #"{"server": {"corsAllowedOrigins": ["*"]}}"#).config
        #expect(config.server.corsAllowedOrigins == ["*"])
    }
}
