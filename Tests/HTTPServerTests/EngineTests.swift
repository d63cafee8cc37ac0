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
