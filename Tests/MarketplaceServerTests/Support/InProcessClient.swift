import Foundation
import Marketplace
import Storage
import Synchronization
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The application without a socket, for handler tests that need none (documents,
/// validation errors): built by the same composition root and defaults as `TestServer`
/// (its own temporary data directory; on the PostgreSQL run, its own schema), but with
/// `listening: false` and no worker started. Each request goes straight to the responder —
/// `plan(for:)`, then `respond(to:plan:)` — as the engine would hand it over, so routing,
/// authentication, idempotency and problem mapping all run; only the wire does not.
final class InProcessClient {
    /// A response as the responder made it (before the engine adds framing headers).
    struct Reply {
        let status: Int
        let headers: [(String, String)]
        let body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw Failure.notAnObject(text)
            }
            return object
        }
    }

    enum Failure: Error { case notAnObject(String) }

    let application: Application
    let dataDir: String

    init(dataDir: String = NSTemporaryDirectory() + "marketplace-inprocess-" + UUID().uuidString,
         configure: (inout AppConfig) -> Void = { _ in }, clock: any WallClock = SystemClock()) throws {
        self.dataDir = dataDir
        let config = try AppConfig.forTests(dataDir: dataDir, configure)
        application = try Application.build(config: config, logger: Logger(minimum: .error, background: false), clock: clock,
                                            listening: false)
    }

    /// Builds a client, runs `body` with it, and stops it whether `body` throws or not. On
    /// SQLite the data directory starts from a copy of a database migrated once per test
    /// process (`MigratedTemplate`): migrations are most of what building an application costs.
    static func run<T>(configure: (inout AppConfig) -> Void = { _ in }, _ body: (InProcessClient) async throws -> T) async throws -> T {
        let dataDir = NSTemporaryDirectory() + "marketplace-inprocess-" + UUID().uuidString
        if TestPostgres.baseURL == nil { try await MigratedTemplate.shared.copy(into: dataDir) }
        let client = try InProcessClient(dataDir: dataDir, configure: configure)
        do {
            let value = try await body(client)
            await client.stop()
            return value
        } catch {
            await client.stop()
            throw error
        }
    }

    /// One request from `client` (the peer and client address the responder sees). A body
    /// over the route's limit is refused as the engine refuses it (413), unread.
    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil,
                 from client: String = "127.0.0.1") async throws -> Reply {
        guard let verb = HTTPMethod(rawValue: method) else { throw Failure.notAnObject("unknown method \(method)") }
        let bytes = body.map { Array($0.utf8) } ?? []
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var fields = headers
        if body != nil, !fields.contains(where: { $0.0.lowercased() == "content-length" }) {
            fields.append(("Content-Length", String(bytes.count)))
        }
        let head = RequestHead(method: verb, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : nil, version: .http1_1,
                               headers: HTTPHeaders(fields), framing: body == nil ? .none : .length(bytes.count),
                               wantsClose: false, expectsContinue: false)
        let responder = application.responder
        let plan = responder.plan(for: head)
        let response: Response
        if bytes.count > plan.bodyLimit {
            response = responder.refuse(.bodyTooLarge, head: head)
        } else {
            var request = Request(head: head, body: plan.readsBody ? bytes : [])
            request.peerAddress = client
            request.clientAddress = client
            response = await responder.respond(to: request, plan: plan)
        }
        return Reply(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
    }

    func stop() async {
        await application.shutdown()
        try? FileManager.default.removeItem(atPath: dataDir)
    }
}

/// A SQLite database with every migration applied, made once per test process; clients copy
/// its file instead of migrating a new one (the server opens it and finds nothing to apply).
actor MigratedTemplate {
    static let shared = MigratedTemplate()
    /// Where the template lives, removed when the test process exits.
    static let directory = Mutex<String?>(nil)
    /// The one making (or made) the template; a Task, so concurrent first callers share it.
    private var making: Task<String, any Error>?

    /// Copies the template to `<dataDir>/marketplace.sqlite`, making the template first if needed.
    func copy(into dataDir: String) async throws {
        let source = try await templateFile()
        try DataDirectory.prepare(dataDir)
        try FileManager.default.copyItem(atPath: source, toPath: dataDir + "/marketplace.sqlite")
    }

    private func templateFile() async throws -> String {
        if let making { return try await making.value }
        let task = Task<String, any Error> {
            let directory = NSTemporaryDirectory() + "marketplace-inprocess-template-\(getpid())-" + UUID().uuidString
            try DataDirectory.prepare(directory)
            let path = directory + "/marketplace.sqlite"
            let database = try Database(path: path, migrations: SQLiteSchema.migrations)
            await database.close()   // the last connection's close checkpoints the WAL into the file
            Self.directory.withLock { $0 = directory }
            atexit { if let made = MigratedTemplate.directory.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: made) } }
            return path
        }
        making = task
        return try await task.value
    }
}
