import Foundation
import Glibc
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    @Test("a request in flight when shutdown begins still gets its 200 with Connection: close; then the port is closed")
    func inFlightRequestCompletes() async throws {
        try await offPool {
            let server = try TestServer(extraRoutes: ProbeRoutes.mount)
            let port = server.port
            var client: TestClient? = try TestClient(port: port)
            let started = ProbeRoutes.slowStarted.load(ordering: .relaxed)
            try client?.send(rawHead("GET", "/probe/slow?ms=1000"))
            try await waitUntil("the slow handler runs") { ProbeRoutes.slowStarted.load(ordering: .relaxed) > started }
            // On a queue of its own: the shared pool may be busy with other tests for seconds.
            let stopping = Task(executorPreference: OwnQueueExecutor()) { await server.stop() }
            try await waitUntil("the listener is closed") { connectionRefused(port: port) }
            let reply = try #require(try client?.read(timeout: 3))
            #expect(reply.status == 200)
            #expect(reply.text == "slept 1000")
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(client?.closes(within: 2) == true)
            client = nil   // the server lingers until the client closes too
            let waited = await ContinuousClock().measure { await stopping.value }
            #expect(waited < .seconds(1), "shutdown took \(waited) after the last response")
            #expect(connectionRefused(port: port))
        }
    }

    @Test("once shutdown has begun, new connections are refused while a request is still in flight")
    func newConnectionsRefusedWhileDraining() async throws {
        try await offPool {
            let server = try TestServer(extraRoutes: ProbeRoutes.mount)
            let port = server.port
            var client: TestClient? = try TestClient(port: port)
            let started = ProbeRoutes.slowStarted.load(ordering: .relaxed)
            try client?.send(rawHead("GET", "/probe/slow?ms=1000"))
            try await waitUntil("the slow handler runs") { ProbeRoutes.slowStarted.load(ordering: .relaxed) > started }
            let stopping = Task(executorPreference: OwnQueueExecutor()) { await server.stop() }
            // A connection made during the drain must be refused, not accepted and left unanswered.
            try await waitUntil("new connections are refused while a request is in flight") { connectionRefused(port: port) }
            #expect(try client?.read(timeout: 3).status == 200)
            client = nil
            await stopping.value
        }
    }

    @Test("idle keep-alive connections are closed at once when shutdown begins")
    func idleConnectionsClosed() async throws {
        try await offPool {
            let server = try TestServer(extraRoutes: ProbeRoutes.mount)
            let idle = try server.client()
            #expect(try idle.request("GET", "/healthz").status == 200)
            let elapsed = await ContinuousClock().measure { await server.stop() }
            #expect(idle.closes(within: 0.5))
            #expect(elapsed < .seconds(1))
        }
    }
}
