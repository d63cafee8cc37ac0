import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Pipelining")
struct PipeliningTests {
    @Test("three requests sent in one write are answered in order, behind a slow first one")
    func answeredInOrder() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(
                rawHead("GET", "/probe/slow?ms=200")
                    + rawHead("POST", "/probe/echo", [("Content-Length", "11")]) + "hello world"
                    + rawHead("GET", "/healthz")
            )
            let slow = try client.read()
            let echo = try client.read()
            let health = try client.read()
            #expect(slow.status == 200)
            #expect(slow.text == "slept 200")
            #expect(echo.status == 200)
            #expect(echo.text == "hello world")
            #expect(echo.header("X-Body-Length") == "11")
            #expect(health.status == 200)
            #expect(health.text == "ok")
            let ids = [slow, echo, health].compactMap { $0.header("X-Request-Id") }
            #expect(Set(ids).count == 3)
        }
    }

    @Test("a chunked request followed by another in the same write: both are answered")
    func chunkedThenNext() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(
                rawHead("POST", "/probe/echo", [("Transfer-Encoding", "chunked")]) + chunked(["abc", "defg"])
                    + rawHead("GET", "/probe/items/next")
            )
            let echo = try client.read()
            let next = try client.read()
            #expect(echo.text == "abcdefg")
            #expect(next.text == "next")
        }
    }

    @Test("bodies sent to paths that do not take them are skipped before the next request")
    func unreadBodySkipped() async throws {
        try await withProbeServer { server in
            let smuggled = "GET /healthz HTTP/1.1\r\n\r\n"
            let client = try server.client()
            try client.send(
                rawHead("DELETE", "/healthz", [("Content-Length", "\(smuggled.utf8.count)")]) + smuggled
                    + rawHead("POST", "/nowhere", [("Transfer-Encoding", "chunked")]) + chunked(["GET / HTTP/1.1\r\n\r\n"])
                    + rawHead("GET", "/probe/items/after")
            )
            let deleted = try client.read()
            let missing = try client.read()
            let after = try client.read()
            expectProblem(deleted, status: 405, code: "METHOD_NOT_ALLOWED")
            expectProblem(missing, status: 404, code: "NOT_FOUND")
            #expect(after.status == 200)
            #expect(after.text == "after")
        }
    }

    @Test("nothing after a request with Connection: close is answered")
    func nothingAfterClose() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("GET", "/probe/items/last", [("Connection", "close")]) + rawHead("GET", "/healthz"))
            let reply = try client.read()
            #expect(reply.text == "last")
            #expect(reply.header("Connection")?.lowercased() == "close")
            let rest = client.drain(timeout: 2)
            #expect(rest.isEmpty, "unexpected: \(String(decoding: rest, as: UTF8.self))")
        }
    }

    @Test("pipelined requests already read while responses back up are answered once the client reads")
    func outputBackpressure() async throws {
        // Each batch fits in one read of the server (64 KiB), and the responses (9 MiB or more)
        // outgrow what the kernel buffers (the server's send buffer tops out at 4 MiB), so the
        // server must stop at its output high-water mark holding parsed-but-unanswered input,
        // and resume once the client drains the responses.
        try await withProbeServer { server in
            let expected = try server.request("GET", "/openapi.json").body.count
            let batch = min(1600, max(20, (6 << 20) / max(1, expected)))
            let requests = String(repeating: "GET /openapi.json HTTP/1.1\r\nHost: a\r\n\r\n", count: batch)
            let client = try server.client()
            try client.send(requests)
            client.waitUntilQuiet()
            try client.send(requests)
            client.waitUntilQuiet()
            var answered = 0
            while answered < 2 * batch, let reply = try? client.read(timeout: 2) {
                #expect(reply.status == 200 && reply.body.count == expected)
                answered += 1
            }
            #expect(answered == 2 * batch, "only \(answered) of \(2 * batch) pipelined requests were answered")
        }
    }
}
