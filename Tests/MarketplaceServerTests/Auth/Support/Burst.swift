import Foundation
import Storage
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

extension AuthHarness {
    /// POSTs every body in `bodies` to `path` at once: all connections are opened (from
    /// `source` when given), then every request is sent, then every reply is read, so the
    /// server has them all in hand together. Replies come back in the order of `bodies`.
    func burst(_ path: String, _ bodies: [[String: Any]], from source: String? = nil, timeout: Double = 30) throws -> [TestClient.Reply] {
        let clients = try bodies.map { _ in try server.client(from: source) }
        for (client, json) in zip(clients, bodies) {
            let body = Self.encode(json)
            try client.send("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
        }
        return try clients.map { try $0.read(timeout: timeout) }
    }

    /// How many replies had each status.
    static func statuses(_ replies: [TestClient.Reply]) -> [Int: Int] {
        replies.reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
    }

    /// Rows of `table` matching `condition` (a literal of the test's) in the server's database.
    func rows(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await server.application.database.read { connection in
            try connection.queryRow("SELECT count(*) FROM \(table) WHERE \(condition)")?.int(0) ?? -1
        }
    }
}
