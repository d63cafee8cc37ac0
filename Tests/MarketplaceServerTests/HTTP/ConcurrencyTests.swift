import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Slow clients, slow handlers and many connections")
struct ConcurrencyTests {
    @Test("20 connections holding half-sent heads do not delay a request on a new connection")
    func halfSentHeadsDoNotBlock() async throws {
        try await withProbeServer { server in
            var stalled: [TestClient] = []
            for index in 0..<20 {
                let client = try server.client()
                try client.send("GET /probe/items/\(index) HTTP/1.1\r\nHost: localhost\r\nX-Half: ")
                stalled.append(client)
            }
            try await Task.sleep(for: .milliseconds(50))
            var reply: TestClient.Reply?
            let elapsed = try seconds { reply = try server.request("GET", "/healthz") }
            #expect(reply?.text == "ok")
            #expect(elapsed < 0.2, "answered after \(elapsed) s")
            // The stalled heads can still complete.
            for (index, client) in stalled.enumerated() {
                try client.send("1\r\n\r\n")
                #expect(try client.read().text == "\(index)")
            }
        }
    }

    @Test("8 slow handlers in flight do not delay a request on a new connection, nor each other")
    func slowHandlersDoNotBlock() async throws {
        try await withProbeServer { server in
            let started = Date()
            var slow: [TestClient] = []
            for _ in 0..<8 {
                let client = try server.client()
                try client.send(rawHead("GET", "/probe/slow?ms=2000"))
                slow.append(client)
            }
            try await Task.sleep(for: .milliseconds(50))
            var reply: TestClient.Reply?
            let elapsed = try seconds { reply = try server.request("GET", "/healthz") }
            #expect(reply?.text == "ok")
            #expect(elapsed < 0.2, "answered after \(elapsed) s")
            for client in slow {
                #expect(try client.read(timeout: 4).text == "slept 2000")
            }
            let total = Date().timeIntervalSince(started)
            #expect(total < 3.5, "8 concurrent 2 s handlers took \(total) s")
        }
    }

    @Test("with half-sent heads and slow handlers at once, a request on a new connection is still answered at once")
    func slowClientsAndHandlersTogether() async throws {
        try await withProbeServer { server in
            var held: [TestClient] = []
            for index in 0..<28 {
                let client = try server.client()
                try client.send(index < 20 ? "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Half: " : rawHead("GET", "/probe/slow?ms=2000"))
                held.append(client)
            }
            try await Task.sleep(for: .milliseconds(50))
            for _ in 0..<5 {
                var reply: TestClient.Reply?
                let elapsed = try seconds { reply = try server.request("GET", "/healthz") }
                #expect(reply?.text == "ok")
                #expect(elapsed < 0.2, "answered after \(elapsed) s")
            }
            for client in held[20...] {
                #expect(try client.read(timeout: 4).text == "slept 2000")
            }
            withExtendedLifetime(held) {}
        }
    }

    @Test("1,000 idle keep-alive connections: the server still answers a new one, and all can go on")
    func thousandConnections() async throws {
        ensureOpenFileLimit(8192)
        try await withProbeServer { server in
            var clients: [TestClient] = []
            clients.reserveCapacity(1000)
            for index in 0..<1000 {
                let client: TestClient
                do { client = try server.client() } catch {
                    Issue.record("connection \(index) could not connect: \(error), errno \(errno)")
                    return
                }
                do {
                    let reply = try client.request("GET", "/healthz")
                    #expect(reply.status == 200)
                } catch {
                    Issue.record("connection \(index): first request failed: \(error), errno \(errno)")
                    return
                }
                clients.append(client)
            }
            var fresh: TestClient.Reply?
            let elapsed = try seconds { fresh = try server.request("GET", "/healthz") }
            #expect(fresh?.text == "ok")
            #expect(elapsed < 0.2, "answered after \(elapsed) s")
            var answered = 0, failed = 0
            for client in clients where failed < 5 {
                if let reply = try? client.request("GET", "/probe/items/again", timeout: 2), reply.text == "again" {
                    answered += 1
                } else {
                    failed += 1
                }
            }
            #expect(answered == 1000)
        }
    }
}
