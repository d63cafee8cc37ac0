import Marketplace
import Synchronization

/// Faults the sandboxes inject on request (docs/API.md §6, `POST /sandbox/faults`): the next
/// `count` calls of one provider's operation fail one way. Shared by every sandbox (TOSS,
/// KAKAOPAY and the card company's, `CARD`); kept in memory only, since they belong to the
/// test that set them. A new fault for the same provider and operation replaces the old one.
final class SandboxFaults: Sendable {
    enum Operation: String, Sendable, CaseIterable {
        case confirm, cancel, lookup, ready
    }

    enum Mode: String, Sendable, CaseIterable {
        /// Answer nothing within the client's timeout; nothing happens at the gateway.
        case timeout
        /// Answer 500 with the gateway's error body; nothing happens.
        case error500
        /// Refuse with the gateway's decline (a definite "no").
        case reject
        /// Do the operation, then answer nothing within the client's timeout.
        case approveThenTimeout
        /// Answer normally after `delayMs`.
        case slow
    }

    /// One armed fault.
    struct Fault: Sendable, Equatable {
        var provider: PaymentProvider
        var operation: Operation
        var mode: Mode
        var count: Int
        var delayMs: Int
    }

    /// How long `timeout` and `approveThenTimeout` hold the answer back: past the client's timeout.
    let holdMillis: Int
    private let armed = Mutex<[String: Fault]>([:])

    init(clientTimeoutSeconds: Int) {
        holdMillis = (clientTimeoutSeconds + 1) * 1000
    }

    func arm(_ fault: Fault) {
        armed.withLock { $0[Self.key(fault.provider, fault.operation)] = fault }
    }

    func clear() { armed.withLock { $0.removeAll() } }

    /// The fault for this call, if one is armed; counts it.
    func take(_ provider: PaymentProvider, _ operation: Operation) -> Fault? {
        armed.withLock { armed in
            let key = Self.key(provider, operation)
            guard var fault = armed[key] else { return nil }
            fault.count -= 1
            armed[key] = fault.count > 0 ? fault : nil
            return fault
        }
    }

    /// Waits as a fault asks before answering: `slow` its delay, the timeouts past the client's
    /// deadline. The handler is an async task, so no event-loop thread waits.
    func delay(for fault: Fault?) async {
        guard let fault else { return }
        let millis = switch fault.mode {
        case .slow: fault.delayMs
        case .timeout, .approveThenTimeout: holdMillis
        case .error500, .reject: 0
        }
        if millis > 0 { try? await Task.sleep(for: .milliseconds(millis)) }
    }

    private static func key(_ provider: PaymentProvider, _ operation: Operation) -> String {
        provider.rawValue + "/" + operation.rawValue
    }
}
