import Foundation
import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("The server binary")
struct ServerProcessTests {
    @Test("it prints exactly one listening line; SIGTERM with an idle connection open exits 0 and closes it")
    func sigtermExitsCleanly() async throws {
        try await offPool {
            let server = try ServerProcess()
            let line = try server.firstLine(timeout: 10)
            let port = try #require(server.port(from: line))
            #expect(line == "listening on http://127.0.0.1:\(port)")

            let idle = try TestClient(port: port)
            #expect(try idle.request("GET", "/healthz").text == "ok")
            usleep(300_000)   // signal handling is set up just after the line: see `signalRightAfterStart`
            server.send(SIGTERM)
            #expect(idle.closes(within: 3))
            #expect(server.waitForExit(timeout: 5) == 0, "ended with \(server.outcome)")
            #expect(server.stdout == "listening on http://127.0.0.1:\(port)\n")
            #expect(connectionRefused(port: port))
        }
    }

    @Test("SIGINT also exits 0")
    func sigintExitsCleanly() async throws {
        try await offPool {
            let server = try ServerProcess()
            let port = try #require(server.port(from: try server.firstLine(timeout: 10)))
            #expect(try TestClient(port: port).request("GET", "/readyz").status == 200)
            usleep(300_000)   // see `signalRightAfterStart`
            server.send(SIGINT)
            #expect(server.waitForExit(timeout: 5) == 0, "ended with \(server.outcome)")
        }
    }

    @Test("SIGTERM sent as soon as the listening line appears still shuts down cleanly with exit 0")
    func signalRightAfterStart() async throws {
        // The line tells a supervisor the server is up; a stop request from then on must be
        // honoured, not kill the process (default action) nor be lost (ignored). A few tries,
        // because the window is a race.
        try await offPool {
            for attempt in 1...5 {
                let server = try ServerProcess()
                _ = try server.firstLine(timeout: 10)
                server.send(SIGTERM)
                let status = server.waitForExit(timeout: 3)
                #expect(status == 0, "attempt \(attempt) ended with \(server.outcome)")
                if status != 0 { break }
            }
        }
    }

    @Test("an invalid configuration exits non-zero and names the key on stderr")
    func invalidConfiguration() async throws {
        try await offPool {
            let server = try ServerProcess(environment: ["MARKETPLACE_AUTH_BCRYPT_COST": "3"])
            let status = server.waitForExit(timeout: 10)
            #expect(status != nil && status != 0)
            #expect(server.stderr.contains("auth.bcryptCost"))
            #expect(!server.stdout.contains("listening on"))
        }
    }

    @Test("an unreachable PostgreSQL exits non-zero before listening, and never prints the URL's password")
    func unreachableDatabase() async throws {
        try await offPool {
            // Port 1 on loopback: nothing listens there, so libpq is refused at once.
            let server = try ServerProcess(environment: ["MARKETPLACE_STORAGE_URL": "postgres://shop:s3cr3t-pw@127.0.0.1:1/shop"])
            let status = server.waitForExit(timeout: 20)
            #expect(status != nil && status != 0)
            #expect(server.stderr.contains("PostgreSQL error 08001"), "\(server.stderr)")
            #expect(!server.stderr.contains("s3cr3t-pw") && !server.stdout.contains("s3cr3t-pw"))
            #expect(!server.stdout.contains("listening on"))
        }
    }
}
