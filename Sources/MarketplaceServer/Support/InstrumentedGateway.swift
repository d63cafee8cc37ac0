import HTTPServer
import Marketplace

/// A payment gateway whose every call is timed into `gateway_request_duration_seconds`
/// by provider, operation and outcome:
/// - `success`: a definite good answer (prepared, approved, canceled, the lookup found a charge);
/// - `declined`: a definite refusal (confirm declined, a cancel refused, a lookup of a failed
///   payment), `not_found` (a lookup of a charge the gateway does not know);
/// - `timeout`, `unavailable` (a 5xx), `unreadable`, `transport`: no definite answer (`GatewayError`);
/// - `error`: anything else thrown.
struct InstrumentedGateway: PaymentGateway {
    let base: any PaymentGateway
    let metrics: Metrics

    var provider: PaymentProvider { base.provider }

    func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation {
        try await timed("prepare", { _ in "success" }) { try await base.prepare(order) }
    }

    func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
        try await timed("confirm", { outcome in
            if case .declined = outcome { return "declined" }
            return "success"
        }) { try await base.confirm(order, proof: proof, idempotencyKey: idempotencyKey) }
    }

    func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup {
        try await timed("lookup", { lookup in
            switch lookup {
            case .approved: "success"
            case .notFound: "not_found"
            case .failed: "declined"
            }
        }) { try await base.lookup(order, reference: reference) }
    }

    func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt {
        try await timed("cancel", { _ in "success" }) { try await base.cancel(cancellation) }
    }

    private func timed<T>(_ operation: String, _ outcome: (T) -> String, _ call: () async throws -> T) async throws -> T {
        let started = Sys.monotonicSeconds()
        do {
            let result = try await call()
            record(operation, outcome(result), since: started)
            return result
        } catch let error as GatewayError {
            let label = switch error {
            case .timeout: "timeout"
            case .unavailable: "unavailable"
            case .unreadable: "unreadable"
            case .transport: "transport"
            }
            record(operation, label, since: started)
            throw error
        } catch let error as MarketplaceError {
            record(operation, "declined", since: started)
            throw error
        } catch {
            record(operation, "error", since: started)
            throw error
        }
    }

    private func record(_ operation: String, _ outcome: String, since started: Double) {
        metrics.recordGateway(Metrics.GatewayKey(provider: provider.rawValue, operation: operation, outcome: outcome),
                              seconds: Sys.monotonicSeconds() - started)
    }
}

/// The same for a card gateway, which also lends the payment service its cipher.
struct InstrumentedSealingGateway: PaymentGateway, CardSealing {
    let instrumented: InstrumentedGateway
    let cipher: any CardCipher

    var provider: PaymentProvider { instrumented.provider }
    func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation { try await instrumented.prepare(order) }
    func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
        try await instrumented.confirm(order, proof: proof, idempotencyKey: idempotencyKey)
    }
    func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup {
        try await instrumented.lookup(order, reference: reference)
    }
    func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt { try await instrumented.cancel(cancellation) }
}

extension InstrumentedGateway {
    /// `gateway` timed, keeping what else the payment service asks of it (a card gateway's cipher).
    static func wrap(_ gateway: any PaymentGateway, metrics: Metrics) -> any PaymentGateway {
        let instrumented = InstrumentedGateway(base: gateway, metrics: metrics)
        if let sealing = gateway as? any CardSealing { return InstrumentedSealingGateway(instrumented: instrumented, cipher: sealing.cipher) }
        return instrumented
    }
}
