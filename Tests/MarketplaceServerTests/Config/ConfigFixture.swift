import FoundationEssentials
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Loads configurations for tests without touching the repository's own config file.
enum ConfigFixture {
    /// Never exists, so `swift test` (run from the package root) does not pick up
    /// `Config/marketplace.json` as the default file.
    static let absentDefault = "/nonexistent/marketplace-config-tests/marketplace.json"

    /// The package root, found from this file so tests do not depend on the working directory.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Config
        .deletingLastPathComponent()  // MarketplaceServerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static func shippedFile(_ name: String) -> String {
        packageRoot.appending(path: "Config").appending(path: name).path()
    }

    /// `AppConfig.load` with no default file, and `json` (when given) as `--config`.
    static func load(
        _ arguments: [String] = [],
        environment: [String: String] = [:],
        file json: String? = nil
    ) throws -> (config: AppConfig, command: Command) {
        guard let json else {
            return try AppConfig.load(arguments: arguments, environment: environment, defaultConfigPath: absentDefault)
        }
        return try withFile(json) { path in
            try AppConfig.load(
                arguments: ["--config", path] + arguments, environment: environment, defaultConfigPath: absentDefault)
        }
    }

    /// Writes `json` into a fresh temporary directory, removed after `body`.
    static func withFile<T>(_ json: String, _ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appending(path: "marketplace-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "config.json")
        try Data(json.utf8).write(to: file)
        return try body(file.path())
    }
}
