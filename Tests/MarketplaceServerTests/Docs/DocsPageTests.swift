import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// `GET /docs` and its assets over HTTP: our own bytes only, with the security headers of an
/// HTML page (docs/API.md §8, §12). The rendering itself is `DocsBrowserTests`.
@Suite("/docs page and assets")
struct DocsPageTests {
    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static func expectSecurityHeaders(_ reply: TestClient.Reply, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.header("Content-Security-Policy") == policy, sourceLocation: sourceLocation)
        #expect(reply.header("X-Content-Type-Options") == "nosniff", sourceLocation: sourceLocation)
        #expect(reply.header("Referrer-Policy") == "no-referrer", sourceLocation: sourceLocation)
    }

    @Test("GET /docs is an HTML shell that loads only our script and stylesheet, nothing inline")
    func page() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/docs")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/html; charset=utf-8")
            Self.expectSecurityHeaders(reply)
            let html = reply.text
            #expect(html.contains(#"<script src="/docs/app.js" defer></script>"#))
            #expect(html.contains(#"<link rel="stylesheet" href="/docs/app.css">"#))
            // Nothing the policy would block, and nothing from elsewhere.
            #expect(html.ranges(of: "<script").count == 1, "one script element, ours")
            #expect(!html.contains("<style") && !html.contains(" style=") && !html.contains(" on"), "no inline style or handlers")
            #expect(!html.contains("http://") && !html.contains("https://"), "no third-party URL")
            #expect(html.contains(#"id="nav""#) && html.contains(#"id="content""#) && html.contains(#"id="filter""#))

            let head = try server.request("HEAD", "/docs")
            #expect(head.status == 200 && head.body.isEmpty)
        }
    }

    @Test("the script and stylesheet are ours: same headers, no outside URL, no innerHTML")
    func assets() async throws {
        try await withProbeServer { server in
            let script = try server.request("GET", "/docs/app.js")
            #expect(script.status == 200)
            #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
            Self.expectSecurityHeaders(script)
            #expect(script.text.contains(#"fetch("/openapi.json""#))
            #expect(!script.text.contains("innerHTML") && !script.text.contains("eval("), "the document's text is never parsed as HTML or code")
            #expect(!script.text.contains("http://") && !script.text.contains("https://"))

            let style = try server.request("GET", "/docs/app.css")
            #expect(style.status == 200)
            #expect(style.header("Content-Type") == "text/css; charset=utf-8")
            Self.expectSecurityHeaders(style)
            #expect(!style.text.contains("@import") && !style.text.contains("url("), "no fonts or images fetched")
        }
    }

    @Test("/openapi.json documents the three routes under operations")
    func documented() async throws {
        try await withProbeServer { server in
            let paths = try #require(try server.request("GET", "/openapi.json").json()["paths"] as? [String: [String: Any]])
            for path in ["/docs", "/docs/app.js", "/docs/app.css"] {
                let operation = try #require(paths[path]?["get"] as? [String: Any], "\(path)")
                #expect(operation["tags"] as? [String] == ["operations"], "\(path)")
                #expect(operation["security"] == nil, "\(path) is public")
            }
        }
    }
}
