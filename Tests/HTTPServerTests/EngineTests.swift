import Foundation
import Testing
import TestHTTP
@testable import HTTPServer

/// The engine alone, serving `ProbeResponder` on 127.0.0.1: framing, keep-alive,
/// pipelining, limits and timeouts, with no application behind it.
@Suite struct EngineTests {
    /// Runs `body` against a fresh engine (one loop) and shuts it down afterwards.
    private func withEngine(_ configure: (inout ServerLimits) -> Void = { _ in },
                            _ body: (Int) throws -> Void) async throws {
        var limits = ServerLimits()
        configure(&limits)
        let server = try HTTPServer(host: "127.0.0.1", port: 0, workers: 1, responder: ProbeResponder(), limits: limits)
        server.start()
        do {
            try body(server.port)
            await server.shutdown(grace: 1)
        } catch {
            await server.shutdown(grace: 1)
            throw error
        }
    }

    @Test("N sequential requests on one connection are N answers over that one connection")
    func keepAlive() async throws {
        try await withEngine { port in
            let client = try TestClient(port: port)
            for index in 0..<20 {
                let reply = try client.request("POST", "/echo", body: "n=\(index)")
                #expect(reply.status == 200)
                #expect(reply.text == "n=\(index)")
                #expect(reply.header("X-Peer") == "127.0.0.1")
            }
        }
    }

    @Test("every status line has its registered reason phrase; an unregistered code an empty one")
    func reasonPhrases() async throws {
        try await withEngine { port in
            let client = try TestClient(port: port)
            let expected = [203: "Non-Authoritative Information", 205: "Reset Content",
                            303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect",
                            407: "Proxy Authentication Required", 421: "Misdirected Request", 426: "Upgrade Required",
                            428: "Precondition Required", 451: "Unavailable For Legal Reasons", 511: "Network Authentication Required",
                            599: ""]
            for (code, reason) in expected.sorted(by: { $0.key < $1.key }) {
                let reply = try client.request("GET", "/status?code=\(code)")
                #expect(reply.status == code)
                #expect(reply.reason == reason, "\(code)")
            }
            // A 1xx ends no exchange, so it is checked on the writer's bytes rather than the wire.
            #expect(ResponseWriter.statusLine(101) == Array("HTTP/1.1 101 Switching Protocols\r\n".utf8))
            for code in [100, 101] + Array(200...206) + Array(300...308) + Array(400...418) + Array(421...429) + [431, 451]
                + Array(500...508) where code != 306 && code != 418 && code != 427 {
                #expect(ResponseWriter.reasons[code] != nil, "\(code) has no reason phrase")
            }
        }
    }

    @Test("pipelined requests are answered in order")
    func pipelining() async throws {
        try await withEngine { port in
            let client = try TestClient(port: port)
            var burst = ""
            for index in 0..<5 {
                burst += "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(String(index).count)\r\n\r\n\(index)"
            }
            try client.send(burst)
            for index in 0..<5 { #expect(try client.read().text == String(index)) }
        }
    }

    @Test("a chunked body reaches the responder whole")
    func chunkedBody() async throws {
        try await withEngine { port in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
            #expect(try client.read().text == "abcde")
        }
    }

    @Test("a body over the route's limit is refused by the engine before it is read, and the connection closes")
    func bodyLimit() async throws {
        try await withEngine { port in
            let client = try TestClient(port: port)
            try client.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n")
            let reply = try client.read()
            #expect(reply.status == 413)
            #expect(reply.header("Connection") == "close")
            #expect(client.closes(within: 3))
        }
    }

    @Test("a malformed head is refused with 400 through the responder's refuse, never routed")
    func malformed() async throws {
        try await withEngine { port in
            let client = try TestClient(port: port)
            try client.send("GET /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            #expect(try client.read().status == 400)
        }
    }

    @Test("a head that stalls gets 408 after the header timeout")
    func headerTimeout() async throws {
        try await withEngine({ $0.headerTimeoutMillis = 300 }) { port in
            let client = try TestClient(port: port)
            try client.send("GET /echo HTTP/1.1\r\nHost: x\r\n")
            let reply = try client.read(timeout: 5)
            #expect(reply.status == 408)
            #expect(client.closes(within: 3))
        }
    }

    @Test("a slow handler is waited for: the header timeout does not run while it works")
    func slowHandler() async throws {
        try await withEngine({ $0.headerTimeoutMillis = 200 }) { port in
            let reply = try TestClient(port: port).request("GET", "/slow?ms=600")
            #expect(reply.status == 200)
            #expect(reply.text == "slept")
        }
    }

    @Test("an unrouted path's body is read and dropped, and the connection stays usable")
    func unroutedBodyDropped() async throws {
        try await withEngine { port in
            let client = try TestClient(port: port)
            #expect(try client.request("POST", "/nowhere", body: "ignored").status == 404)
            #expect(try client.request("POST", "/echo", body: "next").text == "next")
        }
    }
}
