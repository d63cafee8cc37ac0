import Auth
import Foundation
import Marketplace
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Admin bootstrap and create-admin") struct AdminBootstrapTests {
    static let environment = ["MARKETPLACE_ADMIN_EMAIL": "Root@Example.com", "MARKETPLACE_ADMIN_PASSWORD": "admin-password"]

    @Test("the environment creates a verified ADMIN once; a second start changes nothing")
    func fromEnvironment() async throws {
        try await AuthHarness.run { harness in
            let first = try await harness.server.application.bootstrapAdmin(environment: Self.environment)
            guard case .created(let admin)? = first else { Issue.record("not created: \(String(describing: first))"); return }
            #expect(admin.role == .admin && admin.emailVerified)
            #expect(try await harness.server.application.bootstrapAdmin(environment: Self.environment) == .exists(admin))
            let token = try harness.token("root@example.com", password: "admin-password")
            #expect(try harness.request("GET", "/api/v1/admin/users", token: token).status == 200)
            #expect(try harness.mails(to: "Root@Example.com").isEmpty)
        }
    }

    @Test("without both variables nothing happens; a password that breaks the rules is refused")
    func partialOrInvalid() async throws {
        try await AuthHarness.run { harness in
            let application = harness.server.application
            let emailOnly = ["MARKETPLACE_ADMIN_EMAIL": "root@example.com"]
            let outcome = try await application.bootstrapAdmin(environment: emailOnly)
            #expect(outcome == nil)
            await #expect(throws: (any Error).self) {
                try await application.bootstrapAdmin(environment: ["MARKETPLACE_ADMIN_EMAIL": "root@example.com",
                                                                   "MARKETPLACE_ADMIN_PASSWORD": "short"])
            }
            #expect(try harness.logIn("root@example.com", password: "short").status == 401)
        }
    }

    /// A configuration whose data directory outlives one server.
    /// Runs off the cooperative pool, as the servers and the child process here block it.
    static func withDataDirectory(_ body: (AppConfig) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "marketplace-admin-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = AppConfig()
        config.storage.dataDir = directory
        config.storage.urlOverride = try TestPostgres.storageURL(forDataDir: directory)
        config.auth.bcryptCost = 4
        try await offPool { try await body(config) }
    }

    @Test("create-admin (the function main calls) exits 0, and the admin can log in to a server on that data")
    func command() async throws {
        try await Self.withDataDirectory { config in
            let output = Mutex<[String]>([])
            let status = await AdminBootstrap.runCommand(config: config, email: "root@example.com", password: "admin-password",
                                                         out: { line in output.withLock { $0.append(line) } }, err: { _ in })
            #expect(status == 0)
            #expect(output.withLock { $0 }.first?.hasPrefix("created ADMIN root@example.com") == true)
            #expect(await AdminBootstrap.runCommand(config: config, email: "ROOT@example.com", password: "admin-password",
                                                    out: { _ in }, err: { _ in }) == 0)
            let server = try TestServer(configure: { $0.storage.dataDir = config.storage.dataDir })
            let harness = AuthHarness(server: server, clock: TestClock())
            let login = try harness.logIn("root@example.com", password: "admin-password")
            let role = (try login.json()["user"] as? [String: Any])?["role"] as? String
            await server.stop()
            #expect(login.status == 200 && role == "ADMIN")
        }
    }

    @Test("create-admin exits 2 for a refused password and 1 when a non-admin account has the email")
    func commandFailures() async throws {
        try await Self.withDataDirectory { config in
            let errors = Mutex<[String]>([])
            let err: (String) -> Void = { line in errors.withLock { $0.append(line) } }
            #expect(await AdminBootstrap.runCommand(config: config, email: "root@example.com", password: "short", out: { _ in }, err: err) == 2)
            #expect(errors.withLock { $0 }.last?.contains("password") == true)
            let server = try TestServer(configure: { $0.storage.dataDir = config.storage.dataDir })
            _ = try AuthHarness(server: server, clock: TestClock()).signUp("kim@example.com")
            await server.stop()
            #expect(await AdminBootstrap.runCommand(config: config, email: "kim@example.com", password: "admin-password",
                                                    out: { _ in }, err: err) == 1)
        }
    }

    @Test("the real binary's create-admin subcommand creates the admin and exits 0")
    func binary() async throws {
        try await Self.withDataDirectory { config in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
            process.arguments = ["create-admin", "--email", "root@example.com", "--password", "admin-password",
                                 "--data-dir", config.storage.dataDir]
            process.environment = ["MARKETPLACE_AUTH_BCRYPT_COST": "4", "MARKETPLACE_LOG_LEVEL": "error"]
                .merging(config.storage.urlOverride.map { ["MARKETPLACE_STORAGE_URL": $0] } ?? [:]) { $1 }
            process.currentDirectoryURL = URL(fileURLWithPath: NSTemporaryDirectory())
            let stdout = Pipe()
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let printed = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0)
            #expect(printed.hasPrefix("created ADMIN root@example.com"))
        }
    }
}
