import Gateways
import Marketplace
import Synchronization
import Testing

/// Bodies both ways without holding them whole (issue #16): request bodies pulled from a
/// source (chunked, or with a known length), response bodies handed to a sink in pieces
/// under the size cap — what an S3 GET streamed to our own HTTP response needs.
@Suite(.serialized) struct StreamingBodyTests {
    private func client(maxBytes: Int = 4 * 1024 * 1024) throws -> OutboundHTTPClient {
        try OutboundHTTPClient(configuration: .init(
            maxConnectionsPerOrigin: 2, maxResponseBytes: maxBytes,
            deadlines: OutboundDeadlines(connect: .seconds(3), firstByte: .seconds(5), total: .seconds(10)),
            idleTimeout: .seconds(60)))
    }

    /// A source handing out `pieces` one by one.
    private static func source(_ pieces: [[UInt8]]) -> @Sendable () throws -> [UInt8]? {
        let left = Mutex(pieces)
        return { left.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
    }

    private static let pieces: [[UInt8]] = (0..<5).map { [UInt8](repeating: UInt8(ascii: "a") + UInt8($0), count: 1000 * ($0 + 1)) }

    @Test func aSourceWithoutALengthIsSentChunked() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let response = try await client().send("POST", "http://127.0.0.1:\(server.port)/echo-body",
                                               body: nil, connectTo: nil)
        #expect(response.header("x-framing") == "length" && response.body.isEmpty)   // POST without a body: Content-Length 0
        let collected = Mutex([UInt8]())
        let head = try await client().stream("POST", "http://127.0.0.1:\(server.port)/echo-body",
                                             body: .stream(length: nil, next: Self.source(Self.pieces))) { piece in
            collected.withLock { $0 += piece }
        }
        #expect(head.status == 200 && head.header("x-framing") == "chunked")
        #expect(collected.withLock { $0 } == Self.pieces.flatMap { $0 })
    }

    @Test func aSourceWithALengthIsSentWithContentLength() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let total = Self.pieces.reduce(0) { $0 + $1.count }
        let collected = Mutex([UInt8]())
        let head = try await client().stream("PUT", "http://127.0.0.1:\(server.port)/echo-body",
                                             body: .stream(length: total, next: Self.source(Self.pieces))) { piece in
            collected.withLock { $0 += piece }
        }
        #expect(head.status == 200 && head.header("x-framing") == "length")
        #expect(collected.withLock { $0 } == Self.pieces.flatMap { $0 })
    }

    @Test func aSourceThatBreaksItsLengthFailsAndTheConnectionIsDropped() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let client = try client()
        for length in [100, 20_000] {   // shorter, then longer than what the source gives
            do {
                _ = try await client.stream("PUT", "http://127.0.0.1:\(server.port)/echo-body",
                                            body: .stream(length: length, next: Self.source(Self.pieces))) { _ in }
                Issue.record("a body of the wrong length was sent for \(length)")
            } catch GatewayError.transport(let message) {
                #expect(message.contains("\(length) bytes"), "\(message)")
            }
        }
        let ok = try await client.send("GET", "http://127.0.0.1:\(server.port)/ok")
        #expect(ok.status == 200 && ok.body == Array("hello".utf8))
    }

    @Test func aResponseIsHandedOnInPiecesNeverWhole() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let sizes = Mutex([Int]())
        let checksum = Mutex(0)
        let head = try await client().stream("GET", "http://127.0.0.1:\(server.port)/stream") { piece in
            sizes.withLock { $0.append(piece.count) }
            checksum.withLock { sum in for byte in piece { sum &+= Int(byte) } }
        }
        #expect(head.status == 200)
        let seen = sizes.withLock { $0 }
        #expect(seen.reduce(0, +) == 64 * 16384)
        // Pieces are what each read brought (at most 16 KiB), never the whole MiB.
        #expect(seen.count >= 64 && seen.allSatisfy { $0 <= 16 * 1024 }, "\(seen.count) pieces, largest \(seen.max() ?? 0)")
        var expected = 0
        for index in 0..<64 { expected += 16384 * (65 + index % 26) }
        #expect(checksum.withLock { $0 } == expected)
    }

    @Test func theCapHoldsWhileStreamingAndASinkErrorEndsTheCall() async throws {
        let server = try await PythonServer()
        defer { server.stop() }
        let client = try client()
        let received = Mutex(0)
        do {
            _ = try await client.stream("GET", "http://127.0.0.1:\(server.port)/stream", maxBodyBytes: 256 * 1024) { piece in
                received.withLock { $0 += piece.count }
            }
            Issue.record("1 MiB passed a 256 KiB cap")
        } catch GatewayError.unreadable(let message) {
            #expect(message.contains("over the cap"), "\(message)")
        }
        #expect(received.withLock { $0 } <= 256 * 1024)
        struct Enough: Error {}
        await #expect(throws: Enough.self) {
            _ = try await client.stream("GET", "http://127.0.0.1:\(server.port)/stream") { _ in throw Enough() }
        }
        // Both connections were dropped mid-answer; the next call gets a fresh one.
        let ok = try await client.send("GET", "http://127.0.0.1:\(server.port)/ok")
        #expect(ok.status == 200)
    }
}
