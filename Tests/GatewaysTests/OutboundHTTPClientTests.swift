import Gateways
import Marketplace
import Synchronization
import Testing

/// The client's HTTP/1.1 over plain TCP against a Python server on 127.0.0.1.
@Suite struct OutboundHTTPClientTests {
    private func client(maxBytes: Int = 1024 * 1024, perOrigin: Int = 4, firstByte: Duration = .seconds(3)) throws -> OutboundHTTPClient {
        try OutboundHTTPClient(configuration: .init(
            maxConnectionsPerOrigin: perOrigin, maxResponseBytes: maxBytes,
            deadlines: OutboundDeadlines(connect: .seconds(3), firstByte: firstByte, total: .seconds(5)),
            idleTimeout: .seconds(60)))   // reuse is the point here, however slow a loaded machine is between calls
    }

    private func unreadable(_ client: OutboundHTTPClient, _ url: String) async -> String {
        do {
            let response = try await client.send("GET", url)
            return "unexpected success \(response.status)"
        } catch GatewayError.unreadable(let message) {
            return message
        } catch {
            return "unexpected error \(error)"
        }
    }

    @Test func contentLengthAndChunkedBodiesAreRead() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let client = try client()
        let plain = try await client.send("GET", "http://127.0.0.1:\(server.port)/ok")
        #expect(plain.status == 200 && plain.body == Array("hello".utf8))
        #expect(plain.header("content-type") == "text/plain")
        let chunked = try await client.send("GET", "http://127.0.0.1:\(server.port)/chunked")
        #expect(chunked.status == 200 && chunked.body == Array("hello world".utf8))
    }

    @Test func sequentialCallsReuseOneConnection() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let client = try client()
        for _ in 0..<5 {
            let response = try await client.send("GET", "http://127.0.0.1:\(server.port)/ok")
            #expect(response.status == 200)
        }
        let count = try await client.send("GET", "http://127.0.0.1:\(server.port)/count")
        #expect(String(decoding: count.body, as: UTF8.self) == "1")
    }

    @Test func parallelCallsStayWithinThePoolCap() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let client = try client(perOrigin: 2)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await client.send("GET", "http://127.0.0.1:\(server.port)/ok").status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
        let count = try await client.send("GET", "http://127.0.0.1:\(server.port)/count")
        let opened = Int(String(decoding: count.body, as: UTF8.self)) ?? 0
        #expect((1...2).contains(opened), "opened \(opened) connections")
    }

    @Test func aSilentServerHitsTheFirstByteDeadline() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let client = try client(firstByte: .milliseconds(300))
        let started = ContinuousClock.now
        await #expect(throws: GatewayError.timeout) {
            _ = try await client.send("GET", "http://127.0.0.1:\(server.port)/silent")
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func twoContentLengthsAreRefused() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let message = await unreadable(try client(), "http://127.0.0.1:\(server.port)/twocl")
        #expect(message.contains("more than one Content-Length"), "\(message)")
    }

    @Test func contentLengthWithTransferEncodingIsRefused() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let message = await unreadable(try client(), "http://127.0.0.1:\(server.port)/clte")
        #expect(message.contains("both Content-Length and Transfer-Encoding"), "\(message)")
    }

    @Test func aBadChunkSizeIsRefused() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let message = await unreadable(try client(), "http://127.0.0.1:\(server.port)/badchunk")
        #expect(message.contains("invalid chunk size"), "\(message)")
    }

    @Test func bodiesOverTheCapAreRefused() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let client = try client(maxBytes: 1500)
        let byLength = await unreadable(client, "http://127.0.0.1:\(server.port)/big")
        #expect(byLength.contains("over the cap"), "\(byLength)")
        let byChunks = await unreadable(client, "http://127.0.0.1:\(server.port)/bigchunked")
        #expect(byChunks.contains("over the cap"), "\(byChunks)")
        let small = try await client.send("GET", "http://127.0.0.1:\(server.port)/ok")
        #expect(small.status == 200)
    }

    @Test func aRedirectIsReturnedNotFollowed() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let response = try await client().send("GET", "http://127.0.0.1:\(server.port)/redirect")
        #expect(response.status == 302)
        #expect(response.header("Location") == "/ok")
    }

    @Test func badURLsAndReservedHeadersAreRefusedBeforeConnecting() async throws {
        let client = try client()
        for url in ["ftp://127.0.0.1/", "http://user@127.0.0.1/", "http://127.0.0.1:99999/", "http://bad host/"] {
            await #expect(throws: GatewayError.self, "\(url)") { _ = try await client.send("GET", url) }
        }
        await #expect(throws: GatewayError.self) {
            _ = try await client.send("GET", "http://127.0.0.1:9/", headers: [("Host", "evil.example")])
        }
        await #expect(throws: GatewayError.self) {
            _ = try await client.send("GET", "http://127.0.0.1:9/", headers: [("X-A", "b\r\nX-Injected: 1")])
        }
    }
}
