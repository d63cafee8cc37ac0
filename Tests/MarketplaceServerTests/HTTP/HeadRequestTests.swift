import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("HEAD")
struct HeadRequestTests {
    @Test("HEAD has the GET's Content-Length and no body, and the next pipelined response follows at once")
    func headLikeGet() async throws {
        try await withProbeServer { server in
            let get = try server.request("GET", "/healthz")
            let client = try server.client()
            try client.send(rawHead("HEAD", "/healthz") + rawHead("GET", "/probe/items/second"))
            let head = try client.read(head: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == get.header("Content-Length"))
            #expect(head.header("Content-Type") == get.header("Content-Type"))
            #expect(head.body.isEmpty)
            let next = try client.read()
            #expect(next.status == 200)
            #expect(next.text == "second")
        }
    }
}
