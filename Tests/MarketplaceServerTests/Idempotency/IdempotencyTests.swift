import Foundation
import Marketplace
import Storage
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Idempotency-Key") struct IdempotencyTests {
    static let path = IdempotencyProbe.path

    /// A fresh server with the probe mounted and one verified customer's token.
    func withProbe(configure: (inout AppConfig) -> Void = { _ in },
                   _ body: (AuthHarness, IdempotencyProbe, String) async throws -> Void) async throws {
        let probe = IdempotencyProbe()
        try await AuthHarness.run(configure: configure, extraRoutes: probe.mount) { harness in
            try harness.verifiedAccount("kim@example.com")
            try await body(harness, probe, try harness.token("kim@example.com"))
        }
    }

    func post(_ harness: AuthHarness, _ token: String, key: String?, _ body: String = #"{"name":"lamp"}"#) throws -> TestClient.Reply {
        try harness.request("POST", Self.path, raw: body, token: token, headers: key.map { [("Idempotency-Key", $0)] } ?? [])
    }

    @Test("the same key and body replays the stored status, body and headers, and the handler ran once")
    func replay() async throws {
        try await withProbe { harness, probe, token in
            let first = try post(harness, token, key: "k-1")
            #expect(first.status == 201 && first.header("Idempotent-Replayed") == nil)
            let again = try post(harness, token, key: "k-1")
            #expect(again.status == 201)
            #expect(again.body == first.body)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(again.header("Content-Type") == "application/json")
            #expect(again.header("Location") == first.header("Location"))
            #expect(again.header("Set-Cookie") == nil && again.header("X-Run") == nil, "only Content-Type and Location replay")
            #expect(again.header("X-Request-Id") != first.header("X-Request-Id"), "a replay is a new request")
            #expect(again.header("Cache-Control") == "no-store")
            #expect(probe.count == 1)
        }
    }

    @Test("without the header every request runs, and nothing is recorded")
    func withoutKey() async throws {
        try await withProbe { harness, probe, token in
            #expect(try post(harness, token, key: nil).status == 201)
            #expect(try post(harness, token, key: nil).status == 201)
            #expect(probe.count == 2)
            let rows = try await harness.server.application.database.read {
                try $0.queryRow("SELECT count(*) FROM idempotency_keys")?.int(0) ?? -1
            }
            #expect(rows == 0)
        }
    }

    @Test("the same key with another body, path or query is 422 IDEMPOTENCY_KEY_REUSED")
    func differentBody() async throws {
        try await withProbe { harness, probe, token in
            #expect(try post(harness, token, key: "k-1").status == 201)
            let reused = try post(harness, token, key: "k-1", #"{"name":"desk"}"#)
            expectProblem(reused, status: 422, code: "IDEMPOTENCY_KEY_REUSED")
            let query = try harness.request("POST", Self.path + "?x=1", raw: #"{"name":"lamp"}"#, token: token,
                                            headers: [("Idempotency-Key", "k-1")])
            expectProblem(query, status: 422, code: "IDEMPOTENCY_KEY_REUSED")
            #expect(probe.count == 1)
        }
    }

    @Test("keys are case-sensitive: another key is another request")
    func otherKey() async throws {
        try await withProbe { harness, probe, token in
            let lower = try post(harness, token, key: "k-1"), upper = try post(harness, token, key: "K-1")
            #expect(lower.status == 201 && upper.status == 201 && upper.header("Idempotent-Replayed") == nil)
            #expect(probe.count == 2)
        }
    }

    @Test("a retry while the first request runs is 409 IDEMPOTENCY_IN_PROGRESS; a different body then is 422")
    func inProgress() async throws {
        try await withProbe { harness, probe, token in
            let slow = #"{"sleepMs":1500}"#
            let (port, headers) = (harness.server.port, [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "k-slow")])
            // The first request on a thread of its own (not the cooperative pool, which
            // blocking tests may crowd), then the retries once its handler has started.
            let first = Mutex<Result<TestClient.Reply, any Error>?>(nil)
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                let result = Result { try TestClient(port: port).request("POST", Self.path, headers: headers, body: slow, timeout: 30) }
                first.withLock { $0 = result }
                done.signal()
            }
            let deadline = Date().addingTimeInterval(10)
            while probe.count == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let busy = try post(harness, token, key: "k-slow", slow)
            expectProblem(busy, status: 409, code: "IDEMPOTENCY_IN_PROGRESS")
            #expect(busy.header("Retry-After") == "1")
            expectProblem(try post(harness, token, key: "k-slow", #"{"other":1}"#), status: 422, code: "IDEMPOTENCY_KEY_REUSED")
            done.wait()
            #expect(try first.withLock { try $0?.get() }?.status == 201)
            let replayed = try post(harness, token, key: "k-slow", slow)
            #expect(replayed.status == 201 && replayed.header("Idempotent-Replayed") == "true")
            #expect(probe.count == 1)
        }
    }

    @Test("concurrent requests with one key: the handler runs once; the others get 409 or the replay")
    func concurrent() async throws {
        try await withProbe { harness, probe, token in
            let replies = Mutex<[TestClient.Reply]>([])
            let failures = Mutex<[String]>([])
            let (port, headers) = (harness.server.port, [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "k-race")])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let reply = try TestClient(port: port).request("POST", Self.path, headers: headers, body: #"{"sleepMs":200}"#)
                    replies.withLock { $0.append(reply) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let all = replies.withLock { $0 }
            #expect(all.count == 8)
            #expect(probe.count == 1)
            let originals = all.filter { $0.status == 201 && $0.header("Idempotent-Replayed") == nil }
            let replays = all.filter { $0.status == 201 && $0.header("Idempotent-Replayed") == "true" }
            let busy = all.filter { $0.status == 409 && $0.code == "IDEMPOTENCY_IN_PROGRESS" }
            #expect(originals.count == 1)
            #expect(replays.count + busy.count == 7)
            #expect(replays.allSatisfy { $0.body == originals.first?.body })
        }
    }

    @Test("the same key from two accounts makes two independent runs")
    func perAccount() async throws {
        try await withProbe { harness, probe, kim in
            try harness.verifiedAccount("lee@example.com", role: "SELLER")
            let lee = try harness.token("lee@example.com")
            let fromKim = try post(harness, kim, key: "shared")
            let fromLee = try post(harness, lee, key: "shared")
            #expect(fromKim.status == 201 && fromLee.status == 201)
            #expect(fromLee.header("Idempotent-Replayed") == nil && fromLee.body != fromKim.body)
            #expect(probe.count == 2)
            // Each account replays its own answer.
            let again = try post(harness, lee, key: "shared")
            #expect(again.header("Idempotent-Replayed") == "true" && again.body == fromLee.body)
        }
    }

    @Test("malformed keys are 400 INVALID_REQUEST naming the header, and the handler does not run", arguments: [
        "", String(repeating: "k", count: 256), "tab\there", "키", "café", "two words",
    ])
    func malformed(key: String) async throws {
        try await withProbe { harness, probe, token in
            let reply = try post(harness, token, key: key)
            expectProblem(reply, status: 400, code: "INVALID_REQUEST")
            #expect(reply.fields == ["Idempotency-Key"])
            #expect(probe.count == 0)
        }
    }

    @Test("control characters other than HTAB (and DEL) are refused by the HTTP parser before any handler",
          arguments: ["bell\u{07}", "del\u{7F}", "nul\u{00}"])
    func controlCharacter(key: String) async throws {
        try await withProbe { harness, probe, token in
            expectProblem(try post(harness, token, key: key), status: 400, code: "MALFORMED_REQUEST")
            #expect(probe.count == 0)
        }
    }

    @Test("the longest key (255 visible ASCII) is accepted; a repeated header is 400")
    func keyBounds() async throws {
        try await withProbe { harness, probe, token in
            #expect(try post(harness, token, key: String(repeating: "~", count: 255)).status == 201)
            let twice = try harness.request("POST", Self.path, raw: "{}", token: token,
                                            headers: [("Idempotency-Key", "a"), ("Idempotency-Key", "a")])
            expectProblem(twice, status: 400, code: "INVALID_REQUEST")
            #expect(probe.count == 1)
        }
    }

    @Test("authentication comes first: no token is 401 and records nothing")
    func unauthenticated() async throws {
        try await withProbe { harness, probe, _ in
            let reply = try harness.request("POST", Self.path, raw: "{}", headers: [("Idempotency-Key", "k")])
            expectProblem(reply, status: 401, code: "UNAUTHORIZED")
            #expect(probe.count == 0)
        }
    }

    @Test("5xx answers and thrown internal errors are not stored: the retry runs again")
    func serverErrorsNotStored() async throws {
        try await withProbe { harness, probe, token in
            expectProblem(try post(harness, token, key: "k-500", #"{"fail":500}"#), status: 500, code: "INTERNAL_ERROR")
            let retry = try post(harness, token, key: "k-500", #"{"fail":500}"#)
            #expect(retry.status == 500 && retry.header("Idempotent-Replayed") == nil)
            #expect(try post(harness, token, key: "k-503", #"{"status":503}"#).status == 503)
            #expect(try post(harness, token, key: "k-503", #"{"status":503}"#).header("Idempotent-Replayed") == nil)
            #expect(probe.count == 4)
        }
    }

    @Test("a thrown 4xx problem is a definite answer: stored and replayed")
    func clientErrorsStored() async throws {
        try await withProbe { harness, probe, token in
            let first = try post(harness, token, key: "k-400", #"{"fail":400}"#)
            expectProblem(first, status: 400, code: "INVALID_REQUEST")
            let again = try post(harness, token, key: "k-400", #"{"fail":400}"#)
            expectProblem(again, status: 400, code: "INVALID_REQUEST")
            #expect(again.header("Idempotent-Replayed") == "true" && again.body == first.body)
            #expect(probe.count == 1)
        }
    }

    @Test("after 24 h a key is forgotten: the same request runs again")
    func retention() async throws {
        try await withProbe(configure: { $0.auth.tokenTtl = 7 * 86_400 }) { harness, probe, token in
            #expect(try post(harness, token, key: "k-day").status == 201)
            harness.clock.advance(by: 86_400 - 1)
            #expect(try post(harness, token, key: "k-day").header("Idempotent-Replayed") == "true")
            harness.clock.advance(by: 1)
            let later = try post(harness, token, key: "k-day")
            #expect(later.status == 201 && later.header("Idempotent-Replayed") == nil)
            #expect(probe.count == 2)
        }
    }

    @Test("a stored answer survives a restart on the same data directory")
    func survivesRestart() async throws {
        let dataDir = NSTemporaryDirectory() + "marketplace-idem-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let clock = TestClock()
        let probe = IdempotencyProbe()
        try await offPool {
            let first = try TestServer(configure: { $0.storage.dataDir = dataDir }, clock: clock, extraRoutes: probe.mount)
            let harness = AuthHarness(server: first, clock: clock)
            let stored: TestClient.Reply
            let token: String
            do {
                token = try await harness.adminToken()
                stored = try post(harness, token, key: "k-restart")
                #expect(stored.status == 201)
                await first.stop()
            } catch {
                await first.stop()
                throw error
            }
            let second = try TestServer(configure: { $0.storage.dataDir = dataDir }, clock: clock, extraRoutes: probe.mount)
            do {
                let replayed = try post(AuthHarness(server: second, clock: clock), token, key: "k-restart")
                #expect(replayed.status == 201 && replayed.header("Idempotent-Replayed") == "true")
                #expect(replayed.body == stored.body)
                #expect(probe.count == 1)
                await second.stop()
            } catch {
                await second.stop()
                throw error
            }
        }
    }

    @Test("/openapi.json documents the header and the 409 and 422 replies of idempotent operations only")
    func documented() async throws {
        try await withProbe { harness, _, _ in
            let document = try harness.request("GET", "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let operation = try #require(paths[Self.path]?["post"] as? [String: Any])
            let parameters = operation["parameters"] as? [[String: Any]] ?? []
            let header = try #require(parameters.first { $0["name"] as? String == "Idempotency-Key" })
            #expect(header["in"] as? String == "header")
            let schema = header["schema"] as? [String: Any] ?? [:]
            #expect(schema["minLength"] as? Int == 1 && schema["maxLength"] as? Int == 255)
            let responses = operation["responses"] as? [String: Any] ?? [:]
            for status in ["400", "401", "409", "422"] { #expect(responses[status] != nil, "documents \(status)") }
            let conflicts = try #require(paths[IdempotencyProbe.conflictsPath]?["post"] as? [String: Any])
            let conflict = (conflicts["responses"] as? [String: Any])?["409"] as? [String: Any]
            let description = conflict?["description"] as? String ?? ""
            #expect(description.contains("INSUFFICIENT_STOCK") && description.contains("IDEMPOTENCY_IN_PROGRESS"))
            let logout = try #require(paths["/api/v1/auth/logout"]?["post"] as? [String: Any])
            let logoutParameters = logout["parameters"] as? [[String: Any]] ?? []
            #expect(!logoutParameters.contains { $0["name"] as? String == "Idempotency-Key" })
        }
    }
}
