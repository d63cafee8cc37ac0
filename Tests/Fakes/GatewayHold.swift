import Synchronization

/// A door one gateway call waits at: the call arrives (a test can wait for that), then stays
/// in flight until the test releases it. How a race test puts "the gateway call is in
/// flight" at a point it controls, instead of sleeping.
public final class GatewayHold: Sendable {
    private struct State {
        var arrived = false
        var released = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the held call has reached the gateway.
    public var hasArrived: Bool { state.withLock { $0.arrived } }

    /// Waits until the held call is at the gateway; throws `HoldTimeout` after `seconds`.
    public func arrived(within seconds: Double = 5) async throws {
        try await Self.waitUntil(within: seconds, "the held gateway call to arrive") { self.hasArrived }
    }

    /// Lets the held call go on (now, or as soon as it arrives).
    public func release() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            state.released = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Called by the gateway: marks the arrival and suspends until `release()`.
    func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let goNow: Bool = state.withLock { state in
                state.arrived = true
                if state.released { return true }
                state.waiter = continuation
                return false
            }
            if goNow { continuation.resume() }
        }
    }

    /// Polls `condition` every millisecond until it holds, or throws after `seconds`: a
    /// condition with a deadline, never a fixed sleep as proof.
    public static func waitUntil(within seconds: Double = 5, _ what: String,
                                 _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw HoldTimeout(waitingFor: what) }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// A condition a test waited for did not come true in time.
public struct HoldTimeout: Error, CustomStringConvertible {
    public let waitingFor: String
    public var description: String { "timed out waiting for \(waitingFor)" }
}
