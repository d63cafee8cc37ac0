/// The pacing of confirms, recovery and refunds (`payments.*` in the configuration).
public struct PaymentSettings: Sendable, Equatable {
    /// One gateway call's limit, seconds (`payments.gatewayTimeout`).
    public var gatewayTimeout: Double
    /// Added to twice `gatewayTimeout` for a lease: a live confirm (at most two calls: Toss's
    /// ALREADY_PROCESSED_PAYMENT and Kakao's already-approved are resolved by a lookup) always
    /// ends, answer or timeout, before its lease does, so the worker never takes a payment a
    /// request is still confirming.
    public var leaseMargin: Double
    /// The first retry's delay, doubling per attempt (`payments.recoveryInterval`).
    public var recoveryInterval: Double
    /// Recovery attempts before a payment the gateway does not know is ABORTED.
    public var recoveryMaxAttempts: Int
    /// The longest delay between two attempts.
    public var maxBackoff: Double

    public init(gatewayTimeout: Double = 10, leaseMargin: Double = 5, recoveryInterval: Double = 30,
                recoveryMaxAttempts: Int = 8, maxBackoff: Double = 3600) {
        self.gatewayTimeout = gatewayTimeout
        self.leaseMargin = leaseMargin
        self.recoveryInterval = recoveryInterval
        self.recoveryMaxAttempts = recoveryMaxAttempts
        self.maxBackoff = maxBackoff
    }

    /// How long a confirm or a refund (two gateway calls at most) may hold a payment.
    public var lease: Double { 2 * gatewayTimeout + leaseMargin }

    /// The delay after recovery attempt `attempt` (1-based): interval × 2^(attempt−1), capped.
    public func backoff(after attempt: Int) -> Double {
        let doublings = Double(max(0, min(attempt - 1, 30)))
        return min(recoveryInterval * pow2(doublings), max(maxBackoff, recoveryInterval))
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}

/// The gateway idempotency keys, derived from ids so every retry of one operation, by any
/// request, worker or server, sends the same key and the gateway acts at most once.
public enum PaymentKeys {
    /// The confirm key of a payment.
    public static func confirm(_ paymentID: String) -> String { "confirm-" + paymentID }

    /// A refund's key: the payment, how many refunds were recorded before it, and its amounts,
    /// so a retry of the same refund (after no answer) repeats the key and a different one does not.
    public static func cancel(_ paymentID: String, sequence: Int, amount: Int64, vat: Int64) -> String {
        "cancel-\(paymentID)-\(sequence)-\(amount)-\(vat)"
    }
}
