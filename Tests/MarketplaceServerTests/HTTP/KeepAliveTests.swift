import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Keep-alive and connection close")
struct KeepAliveTests {
    @Test("several requests are answered one after another on one connection")
    func severalRequestsOnOneConnection() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            for index in 0..<5 {
                let reply = try client.request("POST", "/probe/echo", body: "request \(index)")
                #expect(reply.status == 200)
                #expect(reply.text == "request \(index)")
                #expect(reply.header("Connection") == nil)
            }
            let last = try client.request("GET", "/healthz")
            #expect(last.text == "ok")
        }
    }

    @Test("HTTP/1.0 without keep-alive is closed after the response")
    func http10ClosesByDefault() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send("GET /healthz HTTP/1.0\r\n\r\n")
            let reply = try client.read()
            #expect(reply.status == 200)
            #expect(reply.text == "ok")
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(client.closes(within: 2))
        }
    }

    @Test("HTTP/1.0 with Connection: keep-alive stays open and says so")
    func http10KeepAliveStaysOpen() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            for _ in 0..<3 {
                try client.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let reply = try client.read()
                #expect(reply.status == 200)
                #expect(reply.text == "ok")
                #expect(reply.header("Connection")?.lowercased() == "keep-alive")
            }
            #expect(!client.closes(within: 0.3))
        }
    }

    @Test("Connection: close is answered with Connection: close and the connection closes")
    func connectionCloseCloses() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            let first = try client.request("GET", "/healthz")
            #expect(first.status == 200)
            let reply = try client.request("GET", "/healthz", headers: [("Connection", "close")])
            #expect(reply.status == 200)
            #expect(reply.text == "ok")
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(client.closes(within: 2))
        }
    }

    @Test("an HTTP/1.0 request with Transfer-Encoding is answered, then the connection closes even with keep-alive")
    func http10TransferEncodingCloses() async throws {
        // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request means faulty framing; the
        // server MUST close the connection after responding.
        try await withProbeServer { server in
            let client = try server.client()
            try client.send("POST /probe/echo HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunked(["abc"]))
            let reply = try client.read()
            #expect(reply.status == 200)
            #expect(reply.text == "abc")
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(client.closes(within: 2))
        }
    }

    @Test("a client that half-closes after its request still gets the response")
    func halfCloseStillAnswered() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("GET", "/probe/slow?ms=50"))
            client.shutdownWrite()
            let reply = try client.read()
            #expect(reply.status == 200)
            #expect(reply.text == "slept 50")
            #expect(client.closes(within: 2))
        }
    }
}
