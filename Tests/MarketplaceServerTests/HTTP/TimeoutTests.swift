import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// All timeouts are 1 s here (`shortTimeouts`); the engine checks them every 250 ms, so a
/// timeout fires between 1 s and 1.25 s after its start. The bounds below leave room for
/// a loaded machine without accepting a timeout that never fires or fires early.
@Suite("Timeouts")
struct TimeoutTests {
    static let earliest = 0.9
    static let latest = 2.0

    @Test("a head that never completes gets 408 after headerTimeout and the connection closes")
    func incompleteHead() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            var reply: TestClient.Reply?
            let elapsed = try seconds {
                try client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Unfinished: ")
                reply = try client.read(timeout: 4)
            }
            let answer = try #require(reply)
            expectProblem(answer, status: 408, code: "REQUEST_TIMEOUT")
            #expect(answer.header("Connection")?.lowercased() == "close")
            #expect(elapsed >= Self.earliest && elapsed <= Self.latest, "408 after \(elapsed) s")
            #expect(client.closes(within: 1))
        }
    }

    @Test("on a kept-alive connection, a second head that never completes also gets 408")
    func incompleteSecondHead() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            #expect(try client.request("GET", "/healthz").status == 200)
            try await Task.sleep(for: .milliseconds(300))
            var reply: TestClient.Reply?
            let elapsed = try seconds {
                try client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
                reply = try client.read(timeout: 4)
            }
            expectProblem(try #require(reply), status: 408, code: "REQUEST_TIMEOUT")
            #expect(elapsed >= Self.earliest && elapsed <= Self.latest, "408 after \(elapsed) s")
        }
    }

    @Test("a head trickling in byte by byte is still cut off at headerTimeout")
    func trickledHead() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            let start = Date()
            try client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            var reply: TestClient.Reply?
            while reply == nil, Date().timeIntervalSince(start) < 4 {
                guard (try? client.send("a")) != nil else { break }
                reply = try? client.read(timeout: 0.2)
            }
            let elapsed = Date().timeIntervalSince(start)
            let answer = try #require(reply)
            expectProblem(answer, status: 408, code: "REQUEST_TIMEOUT")
            #expect(elapsed >= Self.earliest && elapsed <= Self.latest, "408 after \(elapsed) s")
        }
    }

    @Test("a connection that sends nothing is closed after headerTimeout without a response")
    func silentConnection() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            var received: [UInt8] = []
            let elapsed = seconds { received = client.drain(timeout: 4) }
            #expect(received.isEmpty, "unexpected bytes: \(String(decoding: received, as: UTF8.self))")
            #expect(elapsed >= Self.earliest && elapsed <= Self.latest, "closed after \(elapsed) s")
        }
    }

    @Test("an idle keep-alive connection is closed after idleTimeout without a response")
    func idleKeepAlive() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            #expect(try client.request("GET", "/healthz").status == 200)
            var received: [UInt8] = []
            let elapsed = seconds { received = client.drain(timeout: 4) }
            #expect(received.isEmpty, "unexpected bytes: \(String(decoding: received, as: UTF8.self))")
            #expect(elapsed >= Self.earliest && elapsed <= Self.latest, "closed after \(elapsed) s")
        }
    }

    @Test("each request restarts the idle timeout")
    func idleTimeoutRestarts() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            for _ in 0..<3 {
                #expect(try client.request("GET", "/healthz").status == 200)
                try await Task.sleep(for: .milliseconds(600))
            }
            #expect(try client.request("GET", "/healthz").status == 200)
        }
    }

    @Test("a body that stalls gets 408 after bodyTimeout and the connection closes")
    func stalledBody() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            var reply: TestClient.Reply?
            let elapsed = try seconds {
                try client.send(rawHead("POST", "/probe/echo", [("Content-Length", "10")]) + "abc")
                reply = try client.read(timeout: 4)
            }
            let answer = try #require(reply)
            expectProblem(answer, status: 408, code: "REQUEST_TIMEOUT")
            #expect(elapsed >= Self.earliest && elapsed <= Self.latest, "408 after \(elapsed) s")
            #expect(client.closes(within: 1))
        }
    }

    @Test("a chunked body that stalls between chunks gets 408 after bodyTimeout")
    func stalledChunkedBody() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let client = try server.client()
            var reply: TestClient.Reply?
            let elapsed = try seconds {
                try client.send(rawHead("POST", "/probe/echo", [("Transfer-Encoding", "chunked")]) + "3\r\nabc\r\n")
                reply = try client.read(timeout: 4)
            }
            let answer = try #require(reply)
            expectProblem(answer, status: 408, code: "REQUEST_TIMEOUT")
            #expect(elapsed >= Self.earliest && elapsed <= Self.latest, "408 after \(elapsed) s")
        }
    }
}
