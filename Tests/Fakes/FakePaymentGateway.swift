public import Marketplace
import Synchronization

/// A scriptable payment gateway with a ledger of its own, like the sandboxes: a confirm
/// charges an order at most once per idempotency key, a cancel lowers the charge's balance
/// at most once per idempotency key, and a lookup answers from the ledger. Each call takes
/// the next scripted answer for its operation (then the default: approve, answer from the
/// ledger, accept, prepare), records itself with its idempotency key, and waits at a
/// `GatewayHold` when the test armed one.
public final class FakePaymentGateway: PaymentGateway {
    public enum ConfirmAnswer: Sendable, Equatable {
        /// Charges (once per key) and says so.
        case approve
        /// Refuses; nothing is charged.
        case decline(code: String, message: String)
        /// Nothing is charged and nothing answers (`GatewayError.timeout`).
        case noAnswer
        /// Charges, then the answer is lost on the way back (`GatewayError.timeout`).
        case approveThenLoseAnswer
    }

    public enum LookupAnswer: Sendable, Equatable {
        /// The ledger: approved with its balance when the order was charged, else not found.
        case ledger
        /// Approved, with this balance instead of the ledger's (a gateway that disagrees).
        case approvedWithBalance(Int64)
        /// Attempted and failed there.
        case failed(code: String)
        /// It knows nothing of the order ("unknown there"), whatever the ledger holds.
        case notFound
        /// No answer (`GatewayError.timeout`).
        case noAnswer
    }

    public enum CancelAnswer: Sendable, Equatable {
        /// Refunds (once per key) and answers a receipt.
        case accept
        /// Refuses with `MarketplaceError.conflict(code:)`; nothing is refunded.
        case refuse(code: String)
        /// Nothing is refunded and nothing answers.
        case noAnswer
        /// Refunds, then the answer is lost.
        case acceptThenLoseAnswer
    }

    public enum Operation: Sendable, Hashable { case prepare, confirm, lookup, cancel }

    /// One call as the gateway received it.
    public enum Call: Sendable, Equatable {
        case prepare(orderId: String, amount: Int64)
        case confirm(orderId: String, amount: Int64, idempotencyKey: String)
        case lookup(orderId: String)
        case cancel(orderId: String, amount: Int64, vat: Int64, taxFree: Int64, idempotencyKey: String)
    }

    /// What the gateway holds for one charged order.
    public struct Charge: Sendable, Equatable {
        public let approval: GatewayApproval
        public let confirmKey: String
        public var balance: Int64
        /// The cancels it made, by idempotency key.
        public var cancelKeys: [String]
    }

    private struct State {
        var confirms: [ConfirmAnswer] = []
        var lookups: [LookupAnswer] = []
        var cancels: [CancelAnswer] = []
        var prepareFailures = 0
        var calls: [Call] = []
        var holds: [Operation: [GatewayHold]] = [:]
        var ledger: [String: Charge] = [:]
        var charges = 0
        var refunds = 0
    }

    public let provider: PaymentProvider
    private let clock: any WallClock
    private let state = Mutex(State())

    public init(provider: PaymentProvider = .toss, clock: any WallClock) {
        self.provider = provider
        self.clock = clock
    }

    // MARK: Scripting

    /// The next confirms' answers, in order.
    public func script(confirm answers: ConfirmAnswer...) { state.withLock { $0.confirms += answers } }
    /// The next lookups' answers, in order.
    public func script(lookup answers: LookupAnswer...) { state.withLock { $0.lookups += answers } }
    /// The next cancels' answers, in order.
    public func script(cancel answers: CancelAnswer...) { state.withLock { $0.cancels += answers } }
    /// The next `count` prepares fail (`GatewayError.timeout`).
    public func failPrepare(_ count: Int = 1) { state.withLock { $0.prepareFailures += count } }

    /// Holds the next call of `operation` at the returned door until the test releases it.
    public func hold(_ operation: Operation) -> GatewayHold {
        let hold = GatewayHold()
        state.withLock { $0.holds[operation, default: []].append(hold) }
        return hold
    }

    // MARK: What happened

    public var calls: [Call] { state.withLock { $0.calls } }
    public func count(_ operation: Operation) -> Int { calls.count { Self.operation(of: $0) == operation } }
    /// The idempotency keys of every confirm, in order.
    public var confirmKeys: [String] {
        calls.compactMap { if case .confirm(_, _, let key) = $0 { key } else { nil } }
    }
    /// The idempotency keys of every cancel, in order.
    public var cancelKeys: [String] {
        calls.compactMap { if case .cancel(_, _, _, _, let key) = $0 { key } else { nil } }
    }
    /// How many times money was taken (a repeated key takes none).
    public var charges: Int { state.withLock { $0.charges } }
    /// How many refunds moved money (a repeated key moves none).
    public var refunds: Int { state.withLock { $0.refunds } }
    /// The ledger's charge of an order, if any.
    public func charge(of orderId: OrderID) -> Charge? { state.withLock { $0.ledger[orderId.rawValue] } }

    // MARK: PaymentGateway

    public func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation {
        await arrive(.prepare(orderId: order.orderId, amount: order.amount))
        let fails = state.withLock { state in
            defer { state.prepareFailures = max(0, state.prepareFailures - 1) }
            return state.prepareFailures > 0
        }
        if fails { throw GatewayError.timeout }
        return PaymentPreparation(checkout: [("orderId", .string(order.orderId)), ("amount", .int(order.amount))],
                                  tid: provider == .kakaoPay ? "T" + order.orderId : nil)
    }

    public func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
        await arrive(.confirm(orderId: order.orderId, amount: order.amount, idempotencyKey: idempotencyKey))
        let answer = state.withLock { $0.confirms.isEmpty ? .approve : $0.confirms.removeFirst() }
        switch answer {
        case .decline(let code, let message):
            return .declined(code: code, message: message)
        case .noAnswer:
            throw GatewayError.timeout
        case .approve, .approveThenLoseAnswer:
            let approval = charge(order, proof: proof, key: idempotencyKey)
            if answer == .approveThenLoseAnswer { throw GatewayError.timeout }
            return .approved(approval)
        }
    }

    public func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup {
        await arrive(.lookup(orderId: order.orderId))
        let (answer, charge) = state.withLock { state in
            (state.lookups.isEmpty ? LookupAnswer.ledger : state.lookups.removeFirst(), state.ledger[order.orderId])
        }
        switch answer {
        case .ledger:
            guard let charge else { return .notFound }
            if charge.balance == 0 { return .failed(code: "CANCELED") }
            var approval = charge.approval
            approval.balanceAmount = charge.balance
            return .approved(approval)
        case .approvedWithBalance(let balance):
            var approval = charge?.approval ?? GatewayApproval(amount: order.amount, approvedAt: clock.now())
            approval.balanceAmount = balance
            return .approved(approval)
        case .failed(let code): return .failed(code: code)
        case .notFound: return .notFound
        case .noAnswer: throw GatewayError.timeout
        }
    }

    public func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt {
        let orderId = cancellation.reference.orderId
        await arrive(.cancel(orderId: orderId, amount: cancellation.amount, vat: cancellation.vat,
                             taxFree: cancellation.taxFreeAmount, idempotencyKey: cancellation.idempotencyKey))
        let answer = state.withLock { $0.cancels.isEmpty ? .accept : $0.cancels.removeFirst() }
        switch answer {
        case .refuse(let code):
            throw MarketplaceError.conflict(code: code, detail: "The fake gateway refused the cancel.")
        case .noAnswer:
            throw GatewayError.timeout
        case .accept, .acceptThenLoseAnswer:
            try state.withLock { state in
                guard var charge = state.ledger[orderId] else {
                    // The card company's word for "nothing to undo"; Toss says NOT_FOUND_PAYMENT.
                    throw MarketplaceError.conflict(code: provider == .card ? "ORIGINAL_NOT_FOUND" : "NOT_FOUND_PAYMENT",
                                                    detail: "The fake gateway has no such payment.")
                }
                guard !charge.cancelKeys.contains(cancellation.idempotencyKey) else { return }
                guard cancellation.amount <= charge.balance else {
                    throw MarketplaceError.conflict(code: "NOT_CANCELABLE_AMOUNT", detail: "More than the fake gateway's balance.")
                }
                charge.balance -= cancellation.amount
                charge.cancelKeys.append(cancellation.idempotencyKey)
                state.ledger[orderId] = charge
                state.refunds += 1
            }
            if answer == .acceptThenLoseAnswer { throw GatewayError.timeout }
            return CancelReceipt(tid: cancellation.managementId, canceledAt: clock.now())
        }
    }

    // MARK: Internals

    /// Records the call, then waits at its hold if one is armed.
    private func arrive(_ call: Call) async {
        let hold: GatewayHold? = state.withLock { state in
            state.calls.append(call)
            let operation = Self.operation(of: call)
            guard var waiting = state.holds[operation], !waiting.isEmpty else { return nil }
            let first = waiting.removeFirst()
            state.holds[operation] = waiting
            return first
        }
        await hold?.pass()
    }

    /// Takes the money once per key: a repeated key gets the first approval again.
    private func charge(_ order: PaymentOrder, proof: PaymentProof, key: String) -> GatewayApproval {
        state.withLock { state in
            if let existing = state.ledger[order.orderId], existing.confirmKey == key { return existing.approval }
            var approval = GatewayApproval(amount: order.amount, approvedAt: clock.now())
            switch proof {
            case .toss(let paymentKey, _): approval.paymentKey = paymentKey
            case .kakaoPay(let tid, _): approval.tid = tid
            case .card(_, let managementId): approval.tid = managementId
            }
            state.ledger[order.orderId] = Charge(approval: approval, confirmKey: key, balance: order.amount, cancelKeys: [])
            state.charges += 1
            return approval
        }
    }

    private static func operation(of call: Call) -> Operation {
        switch call {
        case .prepare: .prepare
        case .confirm: .confirm
        case .lookup: .lookup
        case .cancel: .cancel
        }
    }
}

/// As a CARD gateway it seals with `FakeCardCipher`, so card payments can be stored sealed.
extension FakePaymentGateway: CardSealing {
    public var cipher: any CardCipher { FakeCardCipher() }
}
