import Gateways
import Glibc
import Marketplace

// Gateway-style calls per second with OutboundHTTPClient (issue #16, bench/outbound.sh):
//   OutboundBench <url> <calls> <concurrency> [caFile]
// prints "<calls/s> <seconds> <connections the server saw, if it counts them>".
let arguments = CommandLine.arguments
guard arguments.count >= 4, let calls = Int(arguments[2]), let concurrency = Int(arguments[3]), calls > 0, concurrency > 0 else {
    print("usage: OutboundBench <url> <calls> <concurrency> [caFile]")
    exit(2)
}
let url = arguments[1]
let client = try OutboundHTTPClient(configuration: .init(
    maxConnectionsPerOrigin: concurrency, caFile: arguments.count > 4 ? arguments[4] : nil))
// Warm: one connection per worker opened (and, for TLS, handshaken) before the clock starts.
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<concurrency { group.addTask { _ = try await client.send("GET", url) } }
    try await group.waitForAll()
}
let started = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for worker in 0..<concurrency {
        group.addTask {
            var index = worker
            while index < calls {
                let response = try await client.send("GET", url)
                guard response.status == 200 else { throw GatewayError.unavailable(status: response.status) }
                index += concurrency
            }
        }
    }
    try await group.waitForAll()
}
let elapsed = started.duration(to: .now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(Int(Double(calls) / seconds), seconds)
