import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("X-Request-Id")
struct RequestIDTests {
    static let visibleASCII = String((0x21...0x7E).map { Character(UnicodeScalar(UInt8($0))) })   // 94 characters

    @Test("a client id of 1 to 128 visible ASCII characters is echoed", arguments: [
        "a", "req-42", String(repeating: "x", count: 128), String(visibleASCII.prefix(128)),
        String((visibleASCII + visibleASCII).prefix(128)),
    ])
    func clientIDEchoed(id: String) async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/healthz", headers: [("X-Request-Id", id)])
            #expect(reply.status == 200)
            #expect(reply.header("X-Request-Id") == id)
        }
    }

    @Test("an unacceptable client id is replaced by a fresh one", arguments: [
        String(repeating: "x", count: 129), "has space", "tab\there", "caf\u{E9}",
    ])
    func badClientIDReplaced(id: String) async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/healthz", headers: [("X-Request-Id", id)])
            #expect(reply.status == 200)
            let echoed = try #require(reply.header("X-Request-Id"))
            #expect(echoed != id)
            #expect(!echoed.isEmpty && echoed.utf8.count <= 128)
            #expect(echoed.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
        }
    }

    @Test("fresh ids differ from request to request")
    func freshIDsAreUnique() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            var ids: Set<String> = []
            for _ in 0..<50 { ids.insert(try client.request("GET", "/healthz").header("X-Request-Id") ?? "") }
            #expect(ids.count == 50)
            #expect(!ids.contains(""))
        }
    }

    @Test("every response carries an id: 404, 405, 500, parser 400, 413 and 408")
    func everyResponseHasOne() async throws {
        try await withProbeServer(configure: shortTimeouts) { server in
            let notFound = try server.request("GET", "/nowhere", headers: [("X-Request-Id", "nf-1")])
            #expect(notFound.status == 404)
            #expect(notFound.header("X-Request-Id") == "nf-1")

            let notAllowed = try server.request("PUT", "/healthz")
            #expect(notAllowed.status == 405)
            #expect(!(notAllowed.header("X-Request-Id") ?? "").isEmpty)

            let failed = try server.request("GET", "/probe/fail")
            #expect(failed.status == 500)
            #expect(!(failed.header("X-Request-Id") ?? "").isEmpty)

            let malformed = try server.client()
            try malformed.send("GET /healthz HTTP/1.1\nHost: x\n\n")
            let bad = try malformed.read()
            #expect(bad.status == 400)
            #expect(!(bad.header("X-Request-Id") ?? "").isEmpty)

            // The head was parsed, so the client's id is known and echoed.
            let tooLarge = try server.request("POST", "/probe/small", headers: [("X-Request-Id", "big-1"), ("Content-Length", "100")])
            #expect(tooLarge.status == 413)
            #expect(tooLarge.header("X-Request-Id") == "big-1")

            let slow = try server.client()
            try slow.send("GET /healthz HTTP/1.1\r\n")
            let timedOut = try slow.read(timeout: 4)
            #expect(timedOut.status == 408)
            #expect(!(timedOut.header("X-Request-Id") ?? "").isEmpty)
        }
    }

    @Test("exactly one X-Request-Id field per response")
    func oneFieldOnly() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/probe/items/x", headers: [("X-Request-Id", "only-once")])
            #expect(reply.headers.filter { $0.0.lowercased() == "x-request-id" }.count == 1)
        }
    }
}
