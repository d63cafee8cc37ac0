import Foundation
import Glibc
import Testing

/// Runs a program to its end in `directory`, its output in files there (so a large output
/// never fills a pipe), killed after `timeout` seconds; returns its status, stdout and stderr.
func runToCompletion(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
                     output name: String = "stdout", timeout: Double = 120) throws -> (status: Int32, stdout: String, stderr: String) {
    let stdout = directory.appending(path: name), stderr = directory.appending(path: name + ".stderr")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    process.currentDirectoryURL = directory
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(50_000) }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        Issue.record("\(URL(fileURLWithPath: executable).lastPathComponent) did not finish within \(Int(timeout)) s")
    }
    let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
    return (process.terminationStatus, read(stdout), read(stderr))
}
