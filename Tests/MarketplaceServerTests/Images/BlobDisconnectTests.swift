import Foundation
import Glibc
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The server binary as a child process: a client that goes away in the middle of a file
/// response must not take the server down. In its own process because the failure mode is
/// a signal that would kill the test runner too.
@Suite struct BlobDisconnectTests {
    @Test("clients hanging up during a sendfile response leave the server running")
    func hangUps() async throws {
        try await offPool {
            let server = try ServerProcess(environment: ["MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION": "false",
                                                         "MARKETPLACE_AUTH_BCRYPT_COST": "4"])
            let port = try #require(server.port(from: try server.firstLine(timeout: 10)))
            let url = try await uploadLargeImage(port: port, dataDir: server.workDir.appending(path: "data").path())
            let path = String(url[url.range(of: "/blobs/")!.lowerBound...])

            // Clients that read part of the response, then reset the connection while the
            // server is still calling sendfile (what wrk does at the end of every run).
            onThreads(4) { _ in
                for _ in 0..<4 {
                    guard let client = try? TestClient(port: port) else { return }
                    try? client.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
                    var chunk = [UInt8](repeating: 0, count: 65536)
                    var received = 0
                    while received < 512 << 10 {
                        let n = recv(client.fd, &chunk, chunk.count, 0)
                        if n <= 0 { break }
                        received += n
                    }
                    var reset = linger(l_onoff: 1, l_linger: 0)   // close with RST
                    setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
                }
            }
            usleep(300_000)
            #expect(server.outcome == "running")   // not "signal 13" (SIGPIPE)
            if server.process.isRunning { server.send(SIGTERM) }
        }
    }

    /// Signs a seller up (verification is off), adds a product row through the database
    /// file, uploads a 4 MiB PNG; returns its URL.
    private func uploadLargeImage(port: Int, dataDir: String) async throws -> String {
        let client = try TestClient(port: port)
        let signup = #"{"email":"s@example.com","password":"password1","name":"S","phone":"01012345678","role":"SELLER"}"#
        _ = try client.request("POST", "/api/v1/auth/signup", headers: [("Content-Type", "application/json")], body: signup)
        let login = try client.request("POST", "/api/v1/auth/login", headers: [("Content-Type", "application/json")],
                                       body: #"{"email":"s@example.com","password":"password1"}"#)
        let token = try #require(try login.json()["token"] as? String)
        let database = try TestPostgres.openDatabase(dataDir: dataDir, readerCount: 0)
        try await database.write { connection in
            try connection.execute("""
                INSERT INTO products (id, seller_id, name, price, stock, category, status, created_at, updated_at)
                VALUES (1, 1, 'Mug', 1, 1, 'kitchen', 'ON_SALE', 0, 0)
                """)
        }
        await database.close()
        let reply = try ImageHarness.upload(ImageBytes.png(4 << 20), as: "image/png", to: 1, port: port, token: token)
        return try #require(reply.jsonObject["url"] as? String, "upload: \(reply.status) \(reply.text)")
    }
}
