import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct SpoolAndWildcardTests {
    private func uploads(_ server: TestServer) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: server.dataDir + "/tmp/uploads")) ?? []
    }

    @Test("a spooling route gets its body in a file, not in memory, and the file is gone afterwards")
    func spool() async throws {
        let server = try TestServer(extraRoutes: ProbeRoutes.mount)
        let size = 3 << 20
        let client = try server.client()
        try client.send("POST /probe/spool HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n")
        try client.send([UInt8](repeating: 0x41, count: size))
        let reply = try client.read()
        #expect(reply.status == 200)
        #expect(reply.text == "0 \(size) \(size)")
        #expect(uploads(server).isEmpty)
        await server.stop()
    }

    @Test("a chunked upload spools too, and an over-limit one leaves no file behind")
    func spoolChunkedAndLimit() async throws {
        let server = try TestServer(extraRoutes: ProbeRoutes.mount)
        let chunk = String(repeating: "z", count: 1 << 20)
        let ok = try server.client()
        try ok.send("POST /probe/spool HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in 0..<2 { try ok.send("100000\r\n\(chunk)\r\n") }
        try ok.send("0\r\n\r\n")
        #expect(try ok.read().text == "0 \(2 << 20) \(2 << 20)")

        let big = try server.client()
        try big.send("POST /probe/spool HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in 0..<5 { try? big.send("100000\r\n\(chunk)\r\n") }
        #expect(try big.read().status == 413)
        #expect(big.closes(within: 3))
        #expect(uploads(server).isEmpty)
        await server.stop()
    }

    @Test("a {name...} segment takes the rest of the path, slashes included")
    func wildcard() async throws {
        let server = try TestServer(extraRoutes: ProbeRoutes.mount)
        #expect(try server.request("GET", "/probe/rest/images/products/12/a%20b.jpg").text == "images|products/12/a b.jpg")
        #expect(try server.request("GET", "/probe/rest/images").status == 404)
        await server.stop()
    }
}
