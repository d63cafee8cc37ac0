import Foundation
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("The application's lifecycle")
struct LifecycleTests {
    @Test("parts start in registration order and stop in reverse, each once")
    func order() async {
        let lifecycle = Lifecycle()
        let log = Mutex<[String]>([])
        for name in ["storage", "workers", "http"] {
            lifecycle.register(name, start: { log.withLock { $0.append("start \(name)") } },
                               stop: { log.withLock { $0.append("stop \(name)") } })
        }
        lifecycle.start()
        await lifecycle.stop()
        await lifecycle.stop()
        #expect(log.withLock { $0 } == ["start storage", "start workers", "start http", "stop http", "stop workers", "stop storage"])
    }

    @Test("the server's parts: storage first, the listener last")
    func applicationParts() async throws {
        try await withProbeServer { server in
            let names = server.application.lifecycle.names
            #expect(names.first == "storage")
            #expect(names.last == "http")
            #expect(names.contains("password hasher") && names.contains("order expiry") && names.contains("payment recovery")
                    && names.contains("webhooks"))
        }
    }

    @Test("a start that fails halfway (the port is taken) stops what was already made")
    func failedBuildCleansUp() async throws {
        try await withProbeServer { running in
            let dataDir = NSTemporaryDirectory() + "marketplace-lifecycle-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: dataDir) }
            var config = try AppConfig.forTests(dataDir: dataDir) { $0.server.port = running.port }
            #expect(throws: (any Error).self) { try Application.build(config: config, logger: Logger(minimum: .error, background: false)) }
            // The half-built server's database was closed in the background: a new one opens it.
            let deadline = Date().addingTimeInterval(5)
            var reopened: Application?
            while reopened == nil && Date() < deadline {
                config.server.port = 0
                reopened = try? Application.build(config: config, logger: Logger(minimum: .error, background: false))
            }
            let application = try #require(reopened)
            await application.shutdown()
        }
    }
}
