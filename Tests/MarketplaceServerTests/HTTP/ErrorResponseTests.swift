import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Error responses")
struct ErrorResponseTests {
    @Test("a handler's error is a 500 INTERNAL_ERROR problem naming the request id, never the error's text")
    func internalErrorDoesNotLeak() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/probe/fail", headers: [("X-Request-Id", "trace-500")])
            expectProblem(reply, status: 500, code: "INTERNAL_ERROR")
            #expect(reply.header("X-Request-Id") == "trace-500")
            #expect(reply.text.contains("trace-500"))
            #expect(!reply.text.contains("hunter2"))
            #expect(!reply.text.contains("ProbeFailure"))
            #expect(!reply.text.contains("password"))
        }
    }

    @Test("a fresh request id is named in the 500 body too")
    func internalErrorNamesFreshID() async throws {
        try await withProbeServer { server in
            let reply = try server.request("GET", "/probe/fail")
            let id = try #require(reply.header("X-Request-Id"))
            #expect(reply.text.contains(id))
            #expect(!reply.text.contains("hunter2"))
        }
    }
}
