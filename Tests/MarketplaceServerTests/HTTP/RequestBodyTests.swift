import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Request bodies")
struct RequestBodyTests {
    @Test("a Content-Length body is read whole and echoed")
    func contentLengthEchoed() async throws {
        try await withProbeServer { server in
            let body = String(repeating: "0123456789", count: 1000)
            let reply = try server.request("POST", "/probe/echo", body: body)
            #expect(reply.status == 200)
            #expect(reply.header("X-Body-Length") == "10000")
            #expect(reply.text == body)
        }
    }

    @Test("a chunked body with extensions and trailer fields is decoded and echoed")
    func chunkedEchoed() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            let body = chunked(
                ["Hello, ", "chunked ", String(repeating: "x", count: 300), "!"],
                extensions: [";name=value", ";quoted=\"a \\\"b\\\" c\"", ";flag", ""],
                trailers: [("X-Checksum", "abc123"), ("X-Other", "two words")]
            )
            try client.send(rawHead("POST", "/probe/echo", [("Transfer-Encoding", "chunked")]) + body)
            let reply = try client.read()
            #expect(reply.status == 200)
            #expect(reply.text == "Hello, chunked " + String(repeating: "x", count: 300) + "!")
            #expect(reply.header("X-Body-Length") == "316")
            // The connection is still usable afterwards.
            #expect(try client.request("GET", "/healthz").text == "ok")
        }
    }

    @Test("a chunked body arriving in pieces across writes is reassembled")
    func chunkedInPieces() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            let body = Array((rawHead("POST", "/probe/echo", [("Transfer-Encoding", "chunked")]) + chunked(["abcdef", "ghij"])).utf8)
            for start in stride(from: 0, to: body.count, by: 7) {
                try client.send(Array(body[start..<min(start + 7, body.count)]))
                try await Task.sleep(for: .milliseconds(2))
            }
            let reply = try client.read()
            #expect(reply.text == "abcdefghij")
        }
    }

    @Test("a chunked body over the route's limit gets 413 and the connection closes")
    func chunkedOverLimit() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("POST", "/probe/small", [("Transfer-Encoding", "chunked")]) + chunked(["0123456789", "0123456"]))
            let reply = try client.read()
            expectProblem(reply, status: 413, code: "PAYLOAD_TOO_LARGE")
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(client.closes(within: 2))
        }
    }

    @Test("a Content-Length over the route's limit gets 413 at once, before any body is sent")
    func contentLengthOverRouteLimit() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("POST", "/probe/small", [("Content-Length", "17")]))
            let reply = try client.read(timeout: 2)
            expectProblem(reply, status: 413, code: "PAYLOAD_TOO_LARGE")
            #expect(client.closes(within: 2))
        }
    }

    @Test("a 2 MiB Content-Length to a route with the default 1 MiB limit gets 413 without the body")
    func contentLengthOverDefaultLimit() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("POST", "/probe/echo", [("Content-Length", "\(2 << 20)")]))
            let reply = try client.read(timeout: 2)
            expectProblem(reply, status: 413, code: "PAYLOAD_TOO_LARGE")
            #expect(client.closes(within: 2))
        }
    }

    @Test("a body exactly at the route's limit is accepted", arguments: ["length", "chunked"])
    func exactlyAtRouteLimit(framing: String) async throws {
        try await withProbeServer { server in
            let client = try server.client()
            let body = "0123456789abcdef"   // 16 bytes, /probe/small's limit
            if framing == "length" {
                try client.send(rawHead("POST", "/probe/small", [("Content-Length", "16")]) + body)
            } else {
                try client.send(rawHead("POST", "/probe/small", [("Transfer-Encoding", "chunked")]) + chunked(["0123456789", "abcdef"]))
            }
            let reply = try client.read()
            #expect(reply.status == 200)
            #expect(reply.text == "16")
        }
    }

    @Test("a body exactly at the default 1 MiB limit is accepted, one byte more is not")
    func exactlyAtDefaultLimit() async throws {
        try await withProbeServer { server in
            let body = String(repeating: "z", count: 1 << 20)
            let reply = try server.request("POST", "/probe/echo", body: body)
            #expect(reply.status == 200)
            #expect(reply.header("X-Body-Length") == "1048576")
            #expect(reply.body.count == 1 << 20)
            let over = try server.request("POST", "/probe/echo", headers: [("Content-Length", "1048577")])
            expectProblem(over, status: 413, code: "PAYLOAD_TOO_LARGE")
        }
    }
}
