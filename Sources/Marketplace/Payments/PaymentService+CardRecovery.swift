/// Reconciliation of a CARD payment left IN_PROGRESS or UNKNOWN (a crash after the PAYMENT was
/// sent, or a lost answer). The card company answers no inquiry, so the worker does what
/// docs/CARD_MESSAGE.md allows: it sends the PAYMENT's full CANCEL (its management id derived from
/// the payment, so a retry after a lost answer repeats the same CANCEL and gets its first
/// answer) and then the payment is ABORTED, the order PAYMENT_FAILED and the stock returned:
/// - a receipt: the company had approved it; the money is back now;
/// - `ORIGINAL_NOT_FOUND`: it never approved it; nothing was taken;
/// - no definite answer (or any other refusal): UNKNOWN, asked again after the backoff, for
///   as long as it takes — money that may have moved is never written off.
/// Recording the approval instead would need the company to say it approved, which it cannot.
extension PaymentService {
    /// One reconciliation attempt of the claimed CARD payment; true when it is settled.
    func recoverCard(_ order: Order, gateway: any PaymentGateway, attempt: Int) async throws -> Bool {
        let payment = order.payment
        let outcome: ConfirmOutcome?
        if let tid = payment.tid {
            let cancellation = PaymentCancellation(
                reference: PaymentReference(orderId: order.id.rawValue, tid: tid), amount: payment.amount, vat: payment.vat,
                taxFreeAmount: payment.taxFreeAmount, reason: "reconciliation: the payment's answer was never recorded",
                idempotencyKey: "reconcile-" + payment.id)
            do {
                _ = try await gateway.cancel(cancellation)
                outcome = .declined(code: "RECONCILED", message: "approved, then canceled in full by reconciliation")
            } catch MarketplaceError.conflict(let code, _) where code == "ORIGINAL_NOT_FOUND" {
                outcome = .declined(code: code, message: "the card company never approved the payment")
            } catch {
                outcome = nil
            }
        } else {
            // No management id was stored, so no PAYMENT was ever sent.
            outcome = .declined(code: "NOT_SENT", message: "no PAYMENT message was sent")
        }
        do {
            return try await settle(order, outcome: outcome, by: OrderHistoryEntry.system, recoveryAttempt: attempt).settled
        } catch MarketplaceError.paymentRejected {
            return true   // recorded as ABORTED
        }
    }
}
