import Foundation
import Glibc
import Testing
@testable import MarketplaceServer
import TestHTTP

/// The request lines the built server writes to stderr (docs/API.md §8): the problem `code`,
/// the acting `accountId`, and a valid W3C `traceparent`'s `traceId`/`parentId` with the
/// server's own `spanId`, which `traceresponse` returns.
@Suite("Access log on stderr")
struct AccessLogTests {
    static let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parent = "00f067aa0ba902b7"

    @Test("code, accountId and the trace context are on the request lines")
    func requestLines() async throws {
        try await offPool {
            let server = try ServerProcess(environment: [
                "MARKETPLACE_LOG_LEVEL": "info", "MARKETPLACE_AUTH_BCRYPT_COST": "4",
                "MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION": "false",
            ])
            let port = try #require(server.port(from: try server.firstLine(timeout: 60)))
            let client = try TestClient(port: port)
            let json = [("Content-Type", "application/json")]
            let signup = try client.request("POST", "/api/v1/auth/signup", headers: json, body: #"""
                {"email": "log@example.com", "password": "password1", "name": "Kim Minsu", "phone": "01012345678", "role": "CUSTOMER"}
                """#)
            #expect(signup.status == 201)
            let account = try #require((try signup.json()["id"] as? NSNumber)?.intValue)
            let login = try client.request("POST", "/api/v1/auth/login", headers: json,
                                           body: #"{"email": "log@example.com", "password": "password1"}"#)
            let token = try #require(try login.json()["token"] as? String)
            let bearer = ("Authorization", "Bearer \(token)")

            let traced = try client.request("GET", "/api/v1/me", headers: [
                bearer, ("X-Request-Id", "log-me"), ("traceparent", "00-\(Self.trace)-\(Self.parent)-01"),
            ])
            #expect(traced.status == 200)
            let answer = try #require(traced.header("traceresponse"), "a valid traceparent is answered")
            let parts = answer.split(separator: "-").map(String.init)
            #expect(parts.count == 4 && parts[0] == "00" && parts[1] == Self.trace && parts[3] == "01", "\(answer)")
            #expect(parts.count == 4 && parts[2].count == 16 && parts[2] != Self.parent, "the server's own span: \(answer)")

            let invalid = [
                "00-\(Self.trace.uppercased())-\(Self.parent)-01",      // uppercase hex
                "00-00000000000000000000000000000000-\(Self.parent)-01", // all-zero trace id
                "00-\(Self.trace)-0000000000000000-01",                  // all-zero parent id
                "ff-\(Self.trace)-\(Self.parent)-01",                    // version ff
                "00-\(Self.trace)-\(Self.parent)-01-extra",              // version 00 with more
                "00-\(Self.trace)-\(Self.parent)",                       // no flags
            ]
            for (index, value) in invalid.enumerated() {
                let reply = try client.request("GET", "/api/v1/products", headers: [("X-Request-Id", "log-bad-\(index)"), ("traceparent", value)])
                #expect(reply.status == 200)
                #expect(reply.header("traceresponse") == nil, "ignored: \(value)")
            }
            let future = try client.request("GET", "/api/v1/products", headers: [
                ("X-Request-Id", "log-future"), ("traceparent", "01-\(Self.trace)-\(Self.parent)-01-later-fields"),
            ])
            #expect(future.header("traceresponse")?.hasPrefix("00-\(Self.trace)-") == true, "a later version's first four fields are read")

            let missing = try client.request("GET", "/api/v1/products/999999", headers: [("X-Request-Id", "log-404")])
            #expect(missing.status == 404)
            let anonymous = try client.request("GET", "/api/v1/me", headers: [("X-Request-Id", "log-401")])
            #expect(anonymous.status == 401)
            let forbidden = try client.request("GET", "/api/v1/admin/users", headers: [bearer, ("X-Request-Id", "log-403")])
            #expect(forbidden.status == 403)

            server.send(SIGTERM)
            #expect(server.waitForExit(timeout: 30) == 0)
            let lines = server.stderr.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }.filter { $0["message"] as? String == "request" }
            func line(_ id: String) -> [String: Any]? { lines.first { $0["requestId"] as? String == id } }

            let me = try #require(line("log-me"), "stderr: \(server.stderr.suffix(2000))")
            #expect(me["accountId"] as? Int == account)
            #expect(me["traceId"] as? String == Self.trace)
            #expect(me["parentId"] as? String == Self.parent)
            #expect(me["spanId"] as? String == parts[safe: 2])
            #expect(me["traceFlags"] as? String == "01")
            #expect(me["code"] == nil, "no problem, no code")
            for index in invalid.indices {
                let bad = try #require(line("log-bad-\(index)"))
                #expect(bad["traceId"] == nil && bad["accountId"] == nil, "\(bad)")
            }
            #expect(line("log-future")?["parentId"] as? String == Self.parent)
            #expect(line("log-404")?["code"] as? String == "PRODUCT_NOT_FOUND")
            #expect(line("log-401")?["code"] as? String == (try anonymous.json()["code"] as? String))
            #expect(line("log-401")?["accountId"] == nil)
            let denied = try #require(line("log-403"))
            #expect(denied["code"] as? String == (try forbidden.json()["code"] as? String))
            #expect(denied["accountId"] as? Int == account, "the account is known before its role is refused")
        }
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
