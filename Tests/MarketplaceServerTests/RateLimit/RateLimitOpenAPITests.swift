import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("OpenAPI: the general rate limit")
struct RateLimitOpenAPITests {
    static let exempt: Set<String> = ["/healthz", "/readyz"]

    @Test("every counted operation documents 429 and the RateLimit fields on all its replies; probes and the sandbox none")
    func documented() async throws {
        try await withProbeServer { server in
            let document = try server.request("GET", "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var counted = 0
            for (path, operations) in paths {
                for (method, value) in operations {
                    let operation = try #require(value as? [String: Any])
                    let responses = try #require(operation["responses"] as? [String: [String: Any]], "\(method) \(path)")
                    let limited = !Self.exempt.contains(path) && !path.hasPrefix("/sandbox/")
                    #expect((responses["429"] != nil) == limited, "\(method) \(path)")
                    for (status, response) in responses {
                        let headers = response["headers"] as? [String: Any] ?? [:]
                        let expected: Set<String> = !limited ? [] : status == "429" ? ["RateLimit-Policy", "RateLimit", "Retry-After"]
                                                                                     : ["RateLimit-Policy", "RateLimit"]
                        // A reply's own documented headers (login's Retry-After, 503's) stand
                        // beside the limit's fields, referenced from components.headers.
                        let own = Set(headers.filter { ($0.value as? [String: Any])?["$ref"] == nil }.keys)
                        #expect(Set(headers.keys).subtracting(own) == expected.subtracting(own), "\(method) \(path) \(status)")
                    }
                    if limited { counted += 1 }
                }
            }
            #expect(counted > 50)
            let login = try #require(paths["/api/v1/auth/login"]?["post"] as? [String: Any])
            let tooMany = try #require((login["responses"] as? [String: [String: Any]])?["429"]?["description"] as? String)
            #expect(tooMany.contains("TOO_MANY_ATTEMPTS") && tooMany.contains("RATE_LIMITED"), "both causes of a 429: \(tooMany)")
            let components = try #require(document["components"] as? [String: Any])
            let headers = try #require(components["headers"] as? [String: [String: Any]])
            #expect(Set(headers.keys) == ["RateLimit-Policy", "RateLimit", "Retry-After"])
            #expect((headers["RateLimit"]?["description"] as? String)?.contains("r=") == true)
        }
    }
}
