import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("OpenAPI: accounts") struct AccountsOpenAPITests {
    static let routes: [(String, String, Bool)] = [
        ("/api/v1/auth/signup", "post", false), ("/api/v1/auth/verify-email", "post", false),
        ("/api/v1/auth/resend-verification", "post", false), ("/api/v1/auth/login", "post", false),
        ("/api/v1/auth/logout", "post", true), ("/api/v1/me", "get", true),
        ("/api/v1/admin/users", "get", true), ("/api/v1/admin/users/{id}", "patch", true),
    ]

    @Test("/openapi.json describes every account route, marks the authenticated ones, and defines the schemas")
    func documented() async throws {
        // No socket needed: the document comes straight from the responder.
        try await InProcessClient.run { client in
            let document = try await client.request("GET", "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, method, secured) in Self.routes {
                let operation = try #require(paths[path]?[method] as? [String: Any], "\(method) \(path)")
                #expect((operation["security"] != nil) == secured, "\(method) \(path)")
                let responses = operation["responses"] as? [String: Any] ?? [:]
                if secured { #expect(responses["401"] != nil, "\(method) \(path) documents 401") }
                if method != "get" && path != "/api/v1/auth/logout" { #expect(operation["requestBody"] != nil, "\(method) \(path)") }
            }
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            for name in ["User", "UserPage", "LoginResponse", "SignupRequest", "LoginRequest", "VerifyEmailRequest"] {
                #expect(schemas[name] != nil, "\(name)")
            }
            let user = try #require((schemas["User"] as? [String: Any])?["properties"] as? [String: Any])
            #expect(Set(user.keys) == ["id", "email", "name", "phone", "role", "status", "emailVerified", "createdAt", "locale"])
        }
    }

    @Test("the limited auth routes document 429 with Retry-After, and the codes it carries")
    func limitsDocumented() async throws {
        try await AuthHarness.run { harness in
            let document = try harness.request("GET", "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, code) in [("/api/v1/auth/signup", "RATE_LIMITED"), ("/api/v1/auth/resend-verification", "RATE_LIMITED"),
                                 ("/api/v1/auth/login", "TOO_MANY_ATTEMPTS")] {
                let responses = try #require((paths[path]?["post"] as? [String: Any])?["responses"] as? [String: Any], "\(path)")
                let limited = try #require(responses["429"] as? [String: Any], "\(path) documents 429")
                #expect((limited["description"] as? String)?.hasPrefix(code) == true, "\(path)")
                let retryAfter = (limited["headers"] as? [String: Any])?["Retry-After"] as? [String: Any]
                #expect((retryAfter?["schema"] as? [String: Any])?["type"] as? String == "integer", "\(path)")
            }
        }
    }
}
