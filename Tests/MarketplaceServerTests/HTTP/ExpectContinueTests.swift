import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Expect: 100-continue")
struct ExpectContinueTests {
    @Test("100 Continue comes before the client sends the body, then the final response")
    func continueThenResponse() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("POST", "/probe/echo", [("Content-Length", "5"), ("Expect", "100-continue")]))
            let interim = try client.read(timeout: 2)
            #expect(interim.status == 100)
            #expect(interim.body.isEmpty)
            try client.send("hello")
            let reply = try client.read()
            #expect(reply.status == 200)
            #expect(reply.text == "hello")
            #expect(try client.request("GET", "/healthz").text == "ok")
        }
    }

    @Test("a Content-Length over the limit gets 413 instead of 100 Continue")
    func overLimitGets413() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("POST", "/probe/small", [("Content-Length", "17"), ("Expect", "100-continue")]))
            let reply = try client.read(timeout: 2)
            expectProblem(reply, status: 413, code: "PAYLOAD_TOO_LARGE")
            #expect(client.closes(within: 2))
        }
    }

    @Test("a path that does not exist is answered without 100 Continue and the connection closes")
    func notFoundWithoutContinue() async throws {
        try await withProbeServer { server in
            let client = try server.client()
            try client.send(rawHead("POST", "/nowhere", [("Content-Length", "5"), ("Expect", "100-continue")]))
            let reply = try client.read(timeout: 2)
            expectProblem(reply, status: 404, code: "NOT_FOUND")
            #expect(client.closes(within: 2))
        }
    }

    @Test("an expectation other than 100-continue gets 417")
    func otherExpectation() async throws {
        try await withProbeServer { server in
            let reply = try server.request("POST", "/probe/echo", headers: [("Expect", "fast-service")], body: "x")
            expectProblem(reply, status: 417, code: "EXPECTATION_FAILED")
        }
    }
}
