import Foundation
import Glibc

/// The built `MarketplaceServer` binary run as a child process, in a temporary working
/// directory (so no `Config/marketplace.json` is picked up) with its own data directory.
final class ServerProcess {
    enum Failure: Error { case binaryMissing(String), timeout(String) }

    let process = Process()
    let workDir: URL
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private var stdoutBytes: [UInt8] = []
    private var stderrBytes: [UInt8] = []

    /// The binary beside the running test bundle (same build directory and configuration),
    /// else `.build/debug/MarketplaceServer` under the package root.
    static let binary: String = {
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &path, path.count - 1)
        if count > 0 {
            let exe = String(decoding: path[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let sibling = URL(fileURLWithPath: exe).deletingLastPathComponent().appending(path: "MarketplaceServer").path()
            if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        }
        return packageRoot.appending(path: ".build/debug/MarketplaceServer").path()
    }()

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // MarketplaceServerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// Starts `MarketplaceServer --host 127.0.0.1 --port 0 --data-dir <temp>` plus `arguments`,
    /// with `MARKETPLACE_LOG_LEVEL=error`, `MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=1000000` and `environment`
    /// added to a clean `MARKETPLACE_*` set.
    /// `dataDir` reuses a data directory (a restart); by default a fresh one under the work directory.
    init(arguments: [String] = [], environment extra: [String: String] = [:], dataDir: String? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw Failure.binaryMissing(Self.binary) }
        workDir = FileManager.default.temporaryDirectory.appending(path: "marketplace-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MARKETPLACE_") }
        environment["MARKETPLACE_LOG_LEVEL"] = "error"
        // As in TestServer: the limiter runs but never refuses the tests' one address.
        environment["MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE"] = "1000000"
        // A `--data-dir` among `arguments` wins (the last flag does), and names the schema too.
        let flagged = arguments.lastIndex(of: "--data-dir").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        let directory = flagged ?? dataDir ?? workDir.appending(path: "data").path()
        environment["MARKETPLACE_STORAGE_URL"] = try TestPostgres.storageURL(forDataDir: directory)
        environment.merge(extra) { _, new in new }
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir ?? workDir.appending(path: "data").path()]
            + arguments
        process.environment = environment
        process.currentDirectoryURL = workDir
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: workDir)
    }

    /// Everything written to stdout so far.
    var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    /// Everything written to stderr so far.
    var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }

    /// Waits for the first complete stdout line (without its newline).
    func firstLine(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = stdoutBytes.firstIndex(of: 10) {
                return String(decoding: stdoutBytes[..<newline], as: UTF8.self)
            }
            guard Self.readSome(stdoutPipe, into: &stdoutBytes, until: deadline) else {
                throw Failure.timeout("no stdout line; stderr: \(stderr)")
            }
        }
    }

    /// The port from the `listening on http://127.0.0.1:<port>` line.
    func port(from line: String) -> Int? {
        guard let colon = line.lastIndex(of: ":") else { return nil }
        return Int(line[line.index(after: colon)...])
    }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// How the process ended, for messages: "running", "exit N" or "signal N".
    var outcome: String {
        if process.isRunning { return "running" }
        return process.terminationReason == .exit ? "exit \(process.terminationStatus)" : "signal \(process.terminationStatus)"
    }

    /// The exit status once the process has exited normally within `timeout`; nil when it is
    /// still running or was killed by a signal. Collects the rest of stdout and stderr.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        guard !process.isRunning else { return nil }
        let drainDeadline = Date().addingTimeInterval(1)
        while Self.readSome(stdoutPipe, into: &stdoutBytes, until: drainDeadline) {}
        while Self.readSome(stderrPipe, into: &stderrBytes, until: drainDeadline) {}
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// Reads what is available from `pipe`; false at end of file or when `deadline` passes.
    private static func readSome(_ pipe: Pipe, into bytes: inout [UInt8], until deadline: Date) -> Bool {
        let fd = pipe.fileHandleForReading.fileDescriptor
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &chunk, chunk.count)
        guard n > 0 else { return false }
        bytes.append(contentsOf: chunk[0..<n])
        return true
    }
}
