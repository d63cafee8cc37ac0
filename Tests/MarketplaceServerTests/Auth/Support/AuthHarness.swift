import Foundation
import Auth
import Marketplace
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// A real server with a movable clock, and the account steps tests repeat.
struct AuthHarness {
    let server: TestServer
    let clock: TestClock

    /// Runs `body` against a fresh server, off the cooperative pool (it blocks in socket
    /// calls; see `OwnQueueExecutor`), and stops the server afterwards, whatever happens.
    static func run<T>(configure: (inout AppConfig) -> Void = { _ in }, extraRoutes: (inout Router) -> Void = { _ in },
                       _ body: (AuthHarness) async throws -> T) async throws -> T {
        try await offPool {
            let clock = TestClock()
            let server = try TestServer(configure: configure, clock: clock, extraRoutes: extraRoutes)
            do {
                let result = try await body(AuthHarness(server: server, clock: clock))
                await server.stop()
                return result
            } catch {
                await server.stop()
                throw error
            }
        }
    }

    // MARK: HTTP

    /// One request on a fresh connection, from `source` (`127.0.0.2`, …) when given.
    func request(_ method: String, _ path: String, json: [String: Any]? = nil, raw: String? = nil, token: String? = nil,
                 headers: [(String, String)] = [], from source: String? = nil) throws -> TestClient.Reply {
        var all = headers
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        var body = raw
        if let json { body = Self.encode(json) }
        if body != nil { all.append(("Content-Type", "application/json")) }
        return try server.request(method, path, headers: all, body: body, from: source)
    }

    func post(_ path: String, _ json: [String: Any], token: String? = nil, from source: String? = nil) throws -> TestClient.Reply {
        try request("POST", path, json: json, token: token, from: source)
    }

    static func encode(_ json: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    }

    // MARK: Accounts

    static let password = "password1"

    static func signupBody(email: String, password: String = password, role: String = "CUSTOMER") -> [String: Any] {
        ["email": email, "password": password, "name": "Kim Minsu", "phone": "01012345678", "role": role]
    }

    func signUp(_ email: String, password: String = password, role: String = "CUSTOMER") throws -> TestClient.Reply {
        try post("/api/v1/auth/signup", Self.signupBody(email: email, password: password, role: role))
    }

    func verify(_ email: String, code: String) throws -> TestClient.Reply {
        try post("/api/v1/auth/verify-email", ["email": email, "code": code])
    }

    func logIn(_ email: String, password: String = password, from source: String? = nil) throws -> TestClient.Reply {
        try post("/api/v1/auth/login", ["email": email, "password": password], from: source)
    }

    /// Signs up and verifies an account; returns its id.
    @discardableResult
    func verifiedAccount(_ email: String, password: String = password, role: String = "CUSTOMER") throws -> Int64 {
        let signup = try signUp(email, password: password, role: role)
        guard signup.status == 201 else { throw Failure.unexpected("signup \(signup.status): \(signup.text)") }
        let verified = try verify(email, code: try mailedCode(to: email))
        guard verified.status == 200 else { throw Failure.unexpected("verify \(verified.status): \(verified.text)") }
        return try (verified.json()["id"] as? NSNumber)?.int64Value ?? -1
    }

    /// Logs in and returns the bearer token.
    func token(_ email: String, password: String = password) throws -> String {
        let reply = try logIn(email, password: password)
        guard reply.status == 200, let token = try reply.json()["token"] as? String else {
            throw Failure.unexpected("login \(reply.status): \(reply.text)")
        }
        return token
    }

    /// A verified ADMIN made the way bootstrap makes one, logged in.
    func adminToken(_ email: String = "root@example.com") async throws -> String {
        _ = try await server.application.accounts.accounts.createAdmin(email: email, password: "admin-password")
        return try token(email, password: "admin-password")
    }

    // MARK: Mail outbox

    var outbox: String { server.dataDir + "/mail/outbox" }

    /// Every `.eml` file addressed to `email`, oldest first, once the mail queue has nothing
    /// left to send: the headers as written, then the decoded text part (`MailText.readable`).
    func mails(to email: String) throws -> [String] {
        try waitForMailQueue()
        let names = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { try String(contentsOfFile: outbox + "/" + $0, encoding: .utf8) }
            .filter { $0.contains("\r\nTo: <\(email)>\r\n") }.map(MailText.readable)
    }

    /// The code in the newest mail to `email` (Korean `코드는 N` or English `code is N`).
    func mailedCode(to email: String) throws -> String {
        guard let mail = try mails(to: email).last,
              let range = mail.range(of: #"(code is|코드는) [0-9]{6}"#, options: .regularExpression) else {
            throw Failure.unexpected("no code mailed to \(email)")
        }
        return String(mail[range].suffix(6))
    }

    /// Waits (10 s at most) until `/metrics` shows no QUEUED mail: every mail the requests so
    /// far caused has reached the outbox.
    func waitForMailQueue() throws {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let reply = try request("GET", "/metrics")
            if reply.text.contains("marketplace_mail_queue{status=\"QUEUED\"} 0\n") { return }
            guard Date() < deadline else { throw Failure.unexpected("the mail queue did not drain: \(reply.status)") }
            usleep(20_000)
        }
    }

    enum Failure: Error { case unexpected(String) }
}

extension TestClient.Reply {
    /// The problem's `code`, or nil.
    var code: String? { (try? json())?["code"] as? String }
    /// The fields named in the problem's `errors`.
    var fields: [String] { ((try? json())?["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [] }
}
