import Foundation
import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Runs `body` (which may block in socket calls) off the cooperative pool; see `OwnQueueExecutor`.
func offPool<T>(_ body: () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(OwnQueueExecutor()) { try await body() }
}

/// Runs `body` against a fresh in-process server with the probe routes mounted, off the
/// cooperative pool, and stops the server afterwards whether `body` succeeded or not.
/// Clients made inside `body` are released when it returns, so the server never waits on
/// them while it drains.
func withProbeServer<T>(
    configure: (inout AppConfig) -> Void = { _ in },
    _ body: (TestServer) async throws -> T
) async throws -> T {
    try await offPool {
        let server = try TestServer(configure: configure, extraRoutes: ProbeRoutes.mount)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

/// Short engine timeouts so that timeout tests finish in about a second.
func shortTimeouts(_ config: inout AppConfig) {
    config.server.headerTimeout = 1
    config.server.idleTimeout = 1
    config.server.bodyTimeout = 1
}

/// Waits until `condition` holds, checking every 10 ms, for at most `timeout` seconds; fails
/// the test with `what` if it never does. The proof is the condition, never the time waited.
func waitUntil(_ what: String, timeout: Double = 5, _ condition: () async throws -> Bool,
               sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try await !condition() {
        guard Date() < deadline else {
            Issue.record("timed out after \(timeout) s waiting until \(what)", sourceLocation: sourceLocation)
            throw WaitTimeout()
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

struct WaitTimeout: Error {}

/// Seconds taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A raw request head (`\r\n` line ends, `Host` first unless `host` is nil).
func rawHead(_ method: String, _ target: String, version: String = "HTTP/1.1", host: String? = "localhost",
             _ headers: [(String, String)] = []) -> String {
    var text = "\(method) \(target) \(version)\r\n"
    if let host { text += "Host: \(host)\r\n" }
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    return text + "\r\n"
}

/// `body` framed as `chunked` with the given chunk sizes, then `0` and the trailer fields.
func chunked(_ parts: [String], extensions: [String] = [], trailers: [(String, String)] = []) -> String {
    var text = ""
    for (index, part) in parts.enumerated() {
        text += String(part.utf8.count, radix: 16)
        if index < extensions.count { text += extensions[index] }
        text += "\r\n" + part + "\r\n"
    }
    text += "0\r\n"
    for (name, value) in trailers { text += "\(name): \(value)\r\n" }
    return text + "\r\n"
}

/// Checks that `reply` is an RFC 9457 problem with `status` and `code` and carries a request id.
func expectProblem(_ reply: TestClient.Reply, status: Int, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, sourceLocation: sourceLocation)
    #expect(reply.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
    #expect(!(reply.header("X-Request-Id") ?? "").isEmpty, "every response carries X-Request-Id", sourceLocation: sourceLocation)
    guard let json = try? reply.json() else {
        Issue.record("problem body is not JSON: \(reply.text)", sourceLocation: sourceLocation)
        return
    }
    #expect(json["status"] as? Int == status, sourceLocation: sourceLocation)
    #expect(json["code"] as? String == code, sourceLocation: sourceLocation)
    #expect(json["title"] is String, sourceLocation: sourceLocation)
}

/// Raises this process's soft limit on open files to at least `count` (up to the hard limit).
func ensureOpenFileLimit(_ count: Int) {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
    let wanted = rlim_t(count)
    guard limit.rlim_cur < wanted else { return }
    limit.rlim_cur = min(wanted, limit.rlim_max)
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

/// Whether a TCP connection to `port` on 127.0.0.1 is refused.
func connectionRefused(port: Int) -> Bool {
    (try? TestClient(port: port)) == nil
}

extension TestClient {
    /// Waits, without reading, until no more bytes have arrived for `quiet` seconds (at most
    /// `timeout`): the server has sent all it can until this client reads.
    func waitUntilQuiet(quiet: Double = 0.15, timeout: Double = 3) {
        let start = Date()
        var queued: Int32 = -1
        var stableSince = start
        while Date().timeIntervalSince(stableSince) < quiet, Date().timeIntervalSince(start) < timeout {
            var now: Int32 = 0
            _ = ioctl(fd, UInt(FIONREAD), &now)
            if now != queued { queued = now; stableSince = Date() }
            usleep(10_000)
        }
    }
}
