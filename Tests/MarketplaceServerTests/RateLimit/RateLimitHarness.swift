import Foundation
import Synchronization
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// What the rate limit tests read from one answer (Sendable, so threads can hand it back).
struct LimitedAnswer: Sendable {
    let status: Int
    let code: String?
    let retryAfter: String?
    let policy: String?
    let rateLimit: String?

    init(_ reply: TestClient.Reply) {
        status = reply.status
        code = (try? reply.json())?["code"] as? String
        retryAfter = reply.header("Retry-After")
        policy = reply.header("RateLimit-Policy")
        rateLimit = reply.header("RateLimit")
    }

    /// No answer: status -1, `code` says why (connect or read failure).
    init(failure: String) {
        status = -1
        code = failure
        retryAfter = nil
        policy = nil
        rateLimit = nil
    }

    /// `r` and `t` of `RateLimit: "default";r=…;t=…`, nil when the field is absent or malformed.
    var remainingAndReset: (remaining: Int, reset: Int)? {
        guard let rateLimit, rateLimit.hasPrefix(#""default";r="#) else { return nil }
        let parts = rateLimit.dropFirst(#""default";"#.count).split(separator: ";")
        guard parts.count == 2, parts[0].hasPrefix("r="), parts[1].hasPrefix("t="),
              let remaining = Int(parts[0].dropFirst(2)), let reset = Int(parts[1].dropFirst(2)) else { return nil }
        return (remaining, reset)
    }
}

enum RateLimitHarness {
    /// One request per entry of `senders` (source address and extra headers), each on its own
    /// connection: every connection is made first, then all requests are sent at once.
    /// Answers come back in the order of `senders`; status -1 for a connection that failed.
    static func simultaneously(_ server: TestServer, _ path: String, method: String = "GET",
                               senders: [(source: String, headers: [(String, String)])]) -> [LimitedAnswer] {
        let port = server.port
        let answers = Mutex([LimitedAnswer](repeating: LimitedAnswer(failure: "never sent"), count: senders.count))
        let connected = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let count = senders.count
        let senders = senders.map { ($0.source, $0.headers.map { [$0.0, $0.1] }) }
        Thread {   // opens the gate once every sender is connected
            for _ in 0..<count { connected.wait() }
            for _ in 0..<count { go.signal() }
        }.start()
        onThreads(count) { index in
            let (source, headers) = senders[index]
            let client = Result { try TestClient(port: port, source: source) }
            connected.signal()
            go.wait()
            let answer: LimitedAnswer
            do {
                answer = LimitedAnswer(try client.get().request(method, path, headers: headers.map { ($0[0], $0[1]) }, timeout: 20))
            } catch {
                answer = LimitedAnswer(failure: "\(error) (errno \(errno))")
            }
            answers.withLock { $0[index] = answer }
        }
        return answers.withLock { $0 }
    }

    /// `count` times the same sender.
    static func senders(_ count: Int, from source: String, headers: [(String, String)] = []) -> [(source: String, headers: [(String, String)])] {
        Array(repeating: (source, headers), count: count)
    }
}
