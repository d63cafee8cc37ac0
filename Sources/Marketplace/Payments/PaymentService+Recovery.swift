/// Recovery of payments left without an answer (docs/API.md §6), run by `SweepWorker.paymentRecovery`.
///
/// A payment is due when it is IN_PROGRESS past its lease (the confirm that held it died, here
/// or on another server) or UNKNOWN past `next_attempt_at`. Each attempt:
/// 1. claims it in ONE guarded UPDATE (`attempts + 1`, a new lease): of several workers, one wins;
/// 2. asks the gateway for its record of the order (Toss by orderId, Kakao by tid);
/// 3. approved → DONE, order PAID (the guarded `recordApproval`, so exactly once);
///    failed there → ABORTED, order PAYMENT_FAILED, stock returned;
///    unknown there → approve again with the SAME proof and idempotency key where the proof
///    was kept (Toss paymentKey, Kakao pg_token; never card data), except on the last attempt,
///    which aborts: the gateway's "no such payment" is then the last word;
///    no answer → UNKNOWN, next attempt after the backoff.
/// A crash at any point leaves the payment IN_PROGRESS or UNKNOWN with a lease that expires:
/// the next sweep (after a restart) repeats the attempt, and the gateway's idempotency makes
/// the repeat harmless. A lookup that never answers is never turned into ABORTED: money may
/// have moved, so such a payment stays UNKNOWN and keeps being asked at the capped backoff.
extension PaymentService {
    /// Settles every due payment once; returns how many reached DONE or ABORTED.
    @discardableResult
    public func recoverDue() async throws -> Int {
        var settled = 0
        for id in try await payments.dueForRecovery(at: clock.now(), limit: 50) {
            try Task.checkCancellation()
            if try await recover(id) { settled += 1 }
        }
        return settled
    }

    /// Seconds until the next payment falls due (≤ 0: now), or nil when none waits.
    public func secondsUntilNextRecovery() async throws -> Double? {
        try await payments.nextRecovery().map { $0 - clock.now() }
    }

    /// One attempt at one payment; true when it is settled (DONE or ABORTED) afterwards.
    func recover(_ paymentID: String) async throws -> Bool {
        let now = clock.now()
        guard let claim = try await payments.claimRecovery(payment: paymentID, leaseUntil: now + 2 * settings.lease, at: now) else {
            return false   // another worker took it, or it was settled meanwhile
        }
        let order = claim.order
        let attempt = max(1, order.payment.attempts - 1)   // the first attempt was the confirm
        let last = attempt >= settings.recoveryMaxAttempts
        guard let gateway = gateways[order.payment.provider] else {
            _ = try await settle(order, outcome: nil, by: OrderHistoryEntry.system, recoveryAttempt: attempt)
            return false
        }
        if order.payment.provider == .card { return try await recoverCard(order, gateway: gateway, attempt: attempt) }
        let told = Self.paymentOrder(order)
        let reference = PaymentReference(orderId: order.id.rawValue, paymentKey: order.payment.paymentKey, tid: order.payment.tid)
        var outcome: ConfirmOutcome?
        do {
            switch try await gateway.lookup(told, reference: reference) {
            case .approved(let approval):
                outcome = .approved(approval)
            case .failed(let code):
                outcome = .declined(code: code, message: "the gateway's record says the payment failed")
            case .notFound:
                if let proof = Self.replayableProof(order, token: claim.proofToken), !last {
                    outcome = try await gateway.confirm(told, proof: proof, idempotencyKey: PaymentKeys.confirm(order.payment.id))
                } else if last {
                    outcome = .declined(code: "NOT_FOUND", message: "the gateway never approved the payment")
                }
            }
        } catch {
            outcome = nil
        }
        let result = try await settleQuietly(order, outcome: outcome, attempt: attempt)
        return result
    }

    private func settleQuietly(_ order: Order, outcome: ConfirmOutcome?, attempt: Int) async throws -> Bool {
        do {
            let confirmation = try await settle(order, outcome: outcome, by: OrderHistoryEntry.system, recoveryAttempt: attempt)
            return confirmation.settled
        } catch MarketplaceError.paymentRejected {
            return true   // recorded as ABORTED
        }
    }

    /// The customer's proof as kept at confirm time, to approve again after a lost answer.
    static func replayableProof(_ order: Order, token: String?) -> PaymentProof? {
        switch order.payment.provider {
        case .toss:
            order.payment.paymentKey.map { .toss(paymentKey: $0, amount: order.payment.amount) }
        case .kakaoPay:
            order.payment.tid.flatMap { tid in token.map { .kakaoPay(tid: tid, pgToken: $0) } }
        case .card:
            nil
        }
    }
}
