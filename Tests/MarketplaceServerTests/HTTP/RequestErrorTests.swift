import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Malformed and oversized requests")
struct RequestErrorTests {
    /// One request the engine must refuse: the raw bytes and the problem it answers with.
    struct Refused: Sendable, CustomTestStringConvertible {
        let name: String
        let raw: String
        let status: Int
        let code: String

        var testDescription: String { "\(name) → \(status)" }

        static let all: [Refused] = [
            Refused(name: "request line over 8 KiB",
                    raw: "GET /probe/items/" + String(repeating: "a", count: 8 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                    status: 414, code: "URI_TOO_LONG"),
            Refused(name: "header section over 32 KiB",
                    raw: rawHead("GET", "/healthz", [("X-Big-1", String(repeating: "b", count: 17_000)),
                                                     ("X-Big-2", String(repeating: "b", count: 17_000))]),
                    status: 431, code: "HEADERS_TOO_LARGE"),
            Refused(name: "101 header fields",
                    raw: rawHead("GET", "/healthz", (1...100).map { ("X-Field-\($0)", "v") }),
                    status: 431, code: "HEADERS_TOO_LARGE"),
            Refused(name: "Content-Length and Transfer-Encoding",
                    raw: rawHead("POST", "/probe/echo", [("Content-Length", "5"), ("Transfer-Encoding", "chunked")]) + "0\r\n\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "two Content-Length fields",
                    raw: rawHead("POST", "/probe/echo", [("Content-Length", "5"), ("Content-Length", "5")]) + "hello",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "Content-Length that is not a number",
                    raw: rawHead("POST", "/probe/echo", [("Content-Length", "+5")]) + "hello",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "chunked not the last coding",
                    raw: rawHead("POST", "/probe/echo", [("Transfer-Encoding", "chunked, gzip")]) + "0\r\n\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "gzip before chunked",
                    raw: rawHead("POST", "/probe/echo", [("Transfer-Encoding", "gzip, chunked")]) + "0\r\n\r\n",
                    status: 501, code: "NOT_IMPLEMENTED"),
            Refused(name: "bare LF line endings",
                    raw: "GET /healthz HTTP/1.1\nHost: x\n\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "bare LF inside the header section",
                    raw: "GET /healthz HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "obs-fold",
                    raw: "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "space before the colon",
                    raw: "GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "missing Host on HTTP/1.1",
                    raw: rawHead("GET", "/healthz", host: nil),
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "two Host fields",
                    raw: rawHead("GET", "/healthz", [("Host", "other")]),
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "HTTP/2.0 in the request line",
                    raw: rawHead("GET", "/healthz", version: "HTTP/2.0"),
                    status: 505, code: "HTTP_VERSION_NOT_SUPPORTED"),
            Refused(name: "HTTP/1.2 in the request line",
                    raw: rawHead("GET", "/healthz", version: "HTTP/1.2"),
                    status: 505, code: "HTTP_VERSION_NOT_SUPPORTED"),
            Refused(name: "unknown method",
                    raw: rawHead("BREW", "/healthz"),
                    status: 501, code: "NOT_IMPLEMENTED"),
            Refused(name: "malformed chunk size",
                    raw: rawHead("POST", "/probe/echo", [("Transfer-Encoding", "chunked")]) + "zz\r\nhello\r\n0\r\n\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "malformed chunked body to a path that does not exist",
                    raw: rawHead("POST", "/nowhere", [("Transfer-Encoding", "chunked")]) + "zz\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "raw UTF-8 in the request target",
                    raw: rawHead("GET", "/probe/items/caf\u{E9}"),
                    status: 400, code: "MALFORMED_REQUEST"),
            Refused(name: "chunk data without its CRLF",
                    raw: rawHead("POST", "/probe/echo", [("Transfer-Encoding", "chunked")]) + "5\r\nhelloXX0\r\n\r\n",
                    status: 400, code: "MALFORMED_REQUEST"),
        ]
    }

    @Test("each malformed or oversized request gets its problem and the connection closes", arguments: Refused.all)
    func refused(_ request: Refused) async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(request.raw)
            let reply = try client.read(timeout: 3)
            expectProblem(reply, status: request.status, code: request.code)
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(client.closes(within: 2))
        }
    }

    @Test("100 header fields, a request line just under 8 KiB and a large header section are fine")
    func justWithinLimits() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            let fields = try client.request("GET", "/healthz", headers: (1...99).map { ("X-Field-\($0)", "v") })   // + Host = 100
            #expect(fields.status == 200)
            let id = String(repeating: "a", count: 8 * 1024 - "GET /probe/items/ HTTP/1.1".utf8.count - 2)
            let line = try client.request("GET", "/probe/items/\(id)")
            #expect(line.status == 200)
            #expect(line.text == id)
            let big = try client.request("GET", "/healthz", headers: [("X-Big", String(repeating: "b", count: 30_000))])
            #expect(big.status == 200)
        }
    }

    @Test("a method the path does not serve gets 405 with Allow, and the connection stays open")
    func methodNotAllowed() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            let reply = try client.request("DELETE", "/healthz")
            expectProblem(reply, status: 405, code: "METHOD_NOT_ALLOWED")
            #expect(reply.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(try client.request("GET", "/healthz").text == "ok")
        }
    }

    @Test("an unknown path gets 404 NOT_FOUND, and the connection stays open")
    func notFound() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            expectProblem(try client.request("GET", "/no/such/path"), status: 404, code: "NOT_FOUND")
            expectProblem(try client.request("GET", "/probe/items/a/b"), status: 404, code: "NOT_FOUND")
            #expect(try client.request("GET", "/healthz").text == "ok")
        }
    }

    @Test("a path parameter is percent-decoded", arguments: [
        ("a%20b", "a b"), ("caf%C3%A9", "café"), ("100%25", "100%"), ("a%2Fb", "a/b"), ("plain", "plain"),
    ])
    func pathParameterDecoded(raw: String, decoded: String) async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/probe/items/\(raw)?x=1")
            #expect(reply.status == 200)
            #expect(reply.text == decoded)
        }
    }

    @Test("an absolute-form target is routed by its path")
    func absoluteForm() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "http://localhost/probe/items/abs")
            #expect(reply.status == 200)
            #expect(reply.text == "abs")
        }
    }
}
