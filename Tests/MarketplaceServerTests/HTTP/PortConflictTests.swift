import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct PortConflictTests {
    @Test("a second server on a port already served refuses to start instead of sharing it")
    func secondServerRefused() async throws {
        let first = try TestServer()
        #expect(throws: SystemError.self) {
            _ = try TestServer { config in config.server.port = first.port }
        }
        #expect(try first.request("GET", "/healthz").text == "ok")
        await first.stop()
    }
}
