import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// RFC 9110's methods the engine knows but no route serves (405 with `Allow`, never 501), and
/// the empty lines RFC 9112 §2.2 says to ignore before a request line.
@Suite("Known methods and empty lines before a request")
struct MethodAndEmptyLineTests {
    @Test("TRACE, CONNECT and the other known methods on a path that exists are 405 with Allow", arguments: [
        "TRACE", "CONNECT", "PUT", "PATCH", "DELETE", "POST",
    ])
    func knownMethodNotServed(method: String) async throws {
        try await withProbeServer { server in
            let reply = try server.request(method, "/healthz")
            expectProblem(reply, status: 405, code: "METHOD_NOT_ALLOWED")
            #expect(reply.header("Allow") == "GET, HEAD, OPTIONS")
        }
    }

    @Test("TRACE on a path that does not exist is 404; an unknown method stays 501")
    func traceUnknownPathAndUnknownMethod() async throws {
        try await withProbeServer { server in
            expectProblem(try server.request("TRACE", "/nowhere"), status: 404, code: "NOT_FOUND")
            expectProblem(try server.request("BREW", "/healthz"), status: 501, code: "NOT_IMPLEMENTED")
            // Inside a realm, unmatched routes ask for a token first, as for any other method.
            #expect(try server.request("TRACE", "/api/v1/seller/products").status == 401)
        }
    }

    @Test("CONNECT host:port (authority-form) is 405 with the server's methods, and the connection closes")
    func connectAuthorityForm() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\u{16}\u{03}\u{01}tls bytes")
            let reply = try client.read()
            expectProblem(reply, status: 405, code: "METHOD_NOT_ALLOWED")
            let allowed = Set((reply.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(allowed.isSuperset(of: ["GET", "HEAD", "POST", "OPTIONS"]) && !allowed.contains("CONNECT") && !allowed.contains("TRACE"))
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(client.closes(within: 3), "the tunnel bytes are never read as a request")
            // A target that is neither host:port nor a path is malformed.
            expectProblem(try server.request("CONNECT", "example.com"), status: 400, code: "MALFORMED_REQUEST")
            expectProblem(try server.request("GET", "example.com:443"), status: 400, code: "MALFORMED_REQUEST")
        }
    }

    @Test("OPTIONS * lists the methods routes serve, without TRACE or CONNECT")
    func optionsAsterisk() async throws {
        try await withProbeServer { server in
            let reply = try server.request("OPTIONS", "*")
            #expect(reply.status == 204)
            let allowed = (reply.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(allowed.contains("GET") && allowed.contains("PATCH") && !allowed.contains("TRACE") && !allowed.contains("CONNECT"))
        }
    }

    @Test("empty lines between pipelined requests, after a body, and before the first one are ignored")
    func emptyLinesBetweenPipelinedRequests() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send("\r\n\r\n" + rawHead("POST", "/probe/echo", [("Content-Length", "5")]) + "hello" + "\r\n"
                            + "\r\n\r\n" + rawHead("GET", "/healthz") + "\r\n" + rawHead("GET", "/probe/items/last"))
            let echo = try client.read(), health = try client.read(), last = try client.read()
            #expect(echo.status == 200 && echo.text == "hello")
            #expect(health.status == 200 && health.text == "ok")
            #expect(last.status == 200 && last.text == "last")
        }
    }

    @Test("a CRLF split across two reads is still an empty line, not a malformed request")
    func splitCRLF() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send("\r")
            client.waitUntilQuiet()   // the lone CR has been read by the server and answered with nothing
            try client.send("\n" + rawHead("GET", "/healthz"))
            #expect(try client.read().status == 200)
            // And between requests on a kept-alive connection.
            try client.send(rawHead("GET", "/healthz") + "\r\n\r")
            #expect(try client.read().status == 200)
            client.waitUntilQuiet()
            try client.send("\n" + rawHead("GET", "/probe/items/after"))
            #expect(try client.read().text == "after")
        }
    }

    @Test("an idle keep-alive connection that got a stray CRLF stays idle: closed at the idle timeout, no 408")
    func strayCRLFStaysIdle() async throws {
        try await withProbeServer(configure: { config in
            config.server.headerTimeout = 1
            config.server.idleTimeout = 3
        }) { server in
            let client = try server.client()
            #expect(try client.request("GET", "/healthz").status == 200)
            try client.send("\r\n")
            let started = Date()
            let received = client.drain(timeout: 6)   // until the server closes
            let elapsed = Date().timeIntervalSince(started)
            #expect(received.isEmpty, "no 408: \(String(decoding: received, as: UTF8.self))")
            #expect(elapsed >= 2 && elapsed < 5.5, "closed by the 3 s idle timer, not the 1 s head timer: \(elapsed) s")
        }
    }

    @Test("empty lines count against the request line's 8 KiB: an endless stream of them is refused")
    func endlessEmptyLines() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(String(repeating: "\r\n", count: 4097))
            expectProblem(try client.read(), status: 400, code: "MALFORMED_REQUEST")
            #expect(client.closes(within: 3))
            // 4,000 empty lines and a request line that together pass 8 KiB: the line is too long.
            let long = try server.client()
            try long.send(String(repeating: "\r\n", count: 4000) + rawHead("GET", "/probe/items/" + String(repeating: "a", count: 300)))
            expectProblem(try long.read(), status: 414, code: "URI_TOO_LONG")
        }
    }
}
