/// Refunds (docs/API.md §5 customer cancels of PAID orders, §6 admin refunds), one pipeline:
/// 1. ONE guarded UPDATE claims the payment for this cancel (`cancel_claimed_until`, a lease):
///    a second cancel meanwhile → 409 `CONCURRENT_REQUEST`; the split is computed on the
///    balance as claimed (`PaymentBalance.cancel`: §6's VAT rules, `NOT_CANCELABLE_AMOUNT`).
/// 2. The gateway's record first (`lookup`): its balance must equal ours. If it is lower by
///    exactly this refund's amount, an earlier attempt of this refund reached the gateway
///    but its answer was lost: it is recorded now, without a second cancel. Any other
///    difference, or no answer, refuses the refund (502/409) and changes nothing: money
///    safety before availability. Kakao Pay takes no idempotency key, so this check is what
///    keeps a retried refund from refunding twice there.
/// 3. The gateway's cancel, outside any transaction, with an idempotency key derived from the
///    payment, the number of refunds recorded before it and its amounts (`PaymentKeys.cancel`).
/// 4. ONE transaction records it: the cancel row, the balance and status, lines and stock, the
///    order's status and history, the claim's release.
/// A refusal releases the claim and changes nothing. No definite answer (timeout, 5xx) also
/// releases it, records nothing and answers 502 `PAYMENT_GATEWAY_ERROR`: the refund may have
/// happened; the client retries the same request, and step 2 (and, for Toss, the same key)
/// settles it exactly once. A crash between 3 and 4 is the same case; the claim's lease
/// expires, so the retry is not blocked for long.
extension PaymentService {
    /// A customer's cancel of lines (nil: all) of a PAID order: refunds their amount with
    /// their VAT (§6), cancels them and returns their stock; CANCELED when nothing is left.
    public func cancelPaid(_ order: Order, lines: [OrderLine]?, reason: String, by principal: Principal) async throws -> Order {
        guard order.status == .paid else {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE", detail: "An order in \(order.status.rawValue) cannot be canceled.")
        }
        return try await refund(order.payment.id, reason: reason, lines: lines, by: OrderHistoryEntry.actor(principal)) { claimed in
            guard claimed.status == .paid else {
                throw MarketplaceError.conflict(code: "NOT_CANCELABLE", detail: "An order in \(claimed.status.rawValue) cannot be canceled.")
            }
            let planned = try OrderService.plannedLines(of: claimed, lines: lines)
            var amount: Int64 = 0, taxFree: Int64 = 0
            for line in planned {
                guard let item = claimed.items.first(where: { $0.productID == line.productID && $0.status == .ordered }) else { continue }
                amount += item.unitPrice * Int64(line.quantity)
                if item.taxFree { taxFree += item.unitPrice * Int64(line.quantity) }
            }
            let balance = PaymentBalance(amount: claimed.payment.balanceAmount, vat: claimed.payment.balanceVat)
            // The lines' own VAT (§6), explicit: the default would refuse a partial cancel of
            // tax-free lines. Emptying the balance takes whatever VAT is left.
            let vat: Int64? = amount == balance.amount ? nil : VAT.included(in: amount - taxFree)
            return (try balance.cancel(amount: amount, vat: vat), taxFree, planned)
        }
    }

    /// The payment by its id or, for CARD, a management id (its own or one of its cancels').
    public func adminPayment(_ id: String, by principal: Principal) async throws -> Order {
        try OrderService.requireRole(.admin, principal)
        guard let order = try await payments.order(ofPayment: id) else { throw Self.paymentNotFound }
        return order
    }

    /// `POST /admin/payments/{id}/cancel`: money only, except that emptying a PAID order's
    /// balance cancels it with its remaining lines (stock returned).
    public func adminRefund(_ id: String, amount: Int64?, vat: Int64?, reason: String?, by principal: Principal) async throws -> Order {
        let order = try await adminPayment(id, by: principal)
        let reasonText = reason?.trimmingWhitespace().nfc ?? ""
        var issues: [FieldIssue] = []
        if amount == nil { issues.append(FieldIssue(field: "amount", message: "is required")) }
        if !OrderRules.reasonLength.contains(reasonText.count) || reasonText.hasControlCharacters {
            issues.append(FieldIssue(field: "reason", message: "must be 1–200 characters without control characters"))
        }
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The refund request is not valid.") }
        let requested = amount ?? 0
        // Checked before the claim too, so a refused amount needs no gateway and no claim.
        _ = try PaymentBalance(amount: order.payment.balanceAmount, vat: order.payment.balanceVat).cancel(amount: requested, vat: vat)
        return try await refund(order.payment.id, reason: reasonText, lines: nil, by: OrderHistoryEntry.actor(principal)) { claimed in
            let split = try PaymentBalance(amount: claimed.payment.balanceAmount, vat: claimed.payment.balanceVat)
                .cancel(amount: requested, vat: vat)
            // The tax-free part: what the VAT does not account for, within the payment's tax-free amount.
            let taxFree = min(max(0, split.amount - 11 * split.vat), claimed.payment.taxFreeAmount)
            return (split, taxFree, nil)
        }
    }

    private func refund(_ paymentID: String, reason: String, lines: [OrderLine]?, by actor: String,
                        plan: @Sendable (Order) throws -> (CancelSplit, Int64, [OrderLine]?)) async throws -> Order {
        let now = clock.now()
        guard let claimed = try await payments.claimCancel(payment: paymentID, leaseUntil: now + settings.lease, at: now) else {
            guard let current = try await payments.order(ofPayment: paymentID) else { throw Self.paymentNotFound }
            if [.done, .partialCanceled].contains(current.payment.status) {
                throw MarketplaceError.conflict(code: "CONCURRENT_REQUEST", detail: "Another cancel of this payment is running; try again.")
            }
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE",
                                            detail: "A payment in \(current.payment.status.rawValue) cannot be refunded.")
        }
        let receipt: CancelReceipt, split: CancelSplit, planned: [OrderLine]?
        do {
            let taxFree: Int64
            (split, taxFree, planned) = try plan(claimed)
            guard let gateway = gateways[claimed.payment.provider] else {
                throw MarketplaceError.paymentProviderUnavailable(detail: "\(claimed.payment.provider.rawValue) is not available now.")
            }
            let payment = claimed.payment
            let cancellation = PaymentCancellation(
                reference: PaymentReference(orderId: claimed.id.rawValue, paymentKey: payment.paymentKey, tid: payment.tid),
                amount: split.amount, vat: split.vat, taxFreeAmount: taxFree, reason: reason,
                idempotencyKey: PaymentKeys.cancel(payment.id, sequence: payment.cancels.count, amount: split.amount, vat: split.vat))
            if try await alreadyRefunded(claimed, split: split, gateway: gateway) {
                receipt = CancelReceipt(tid: nil, canceledAt: clock.now())
            } else {
                do {
                    receipt = try await gateway.cancel(cancellation)
                } catch let error as MarketplaceError {
                    throw error
                } catch {
                    throw MarketplaceError.badGateway(code: "PAYMENT_GATEWAY_ERROR", detail:
                        "\(payment.provider.rawValue) gave no answer to the refund; it may have happened. Nothing was recorded: "
                            + "send the same request again to settle it.")
                }
            }
        } catch {
            try? await payments.releaseCancel(payment: paymentID)
            throw error
        }
        let record = RefundRecord(split: split, reason: reason, lines: planned)
        let products = (planned ?? claimed.items.filter { $0.status == .ordered }.map { OrderLine(productID: $0.productID, quantity: $0.quantity) })
            .map(\.productID)
        let order = try await locks.withLocks(products) {
            try await payments.recordCancel(payment: paymentID, record, receipt: receipt, by: actor, at: clock.now())
        }
        generation.advance()
        return order
    }

    /// Step 2: whether the gateway's balance shows this very refund already made (true), or
    /// equals ours (false). Throws when it cannot tell or shows anything else.
    private func alreadyRefunded(_ order: Order, split: CancelSplit, gateway: any PaymentGateway) async throws -> Bool {
        // The card company has no inquiry; its CANCEL's management id, derived from the refund's key, is idempotent.
        if order.payment.provider == .card { return false }
        let ours = order.payment.balanceAmount
        let theirs: Int64?
        do {
            let reference = PaymentReference(orderId: order.id.rawValue, paymentKey: order.payment.paymentKey, tid: order.payment.tid)
            switch try await gateway.lookup(Self.paymentOrder(order), reference: reference) {
            case .approved(let approval):
                // A gateway that reports no balance cannot be checked: its idempotency key must do.
                guard let balance = approval.balanceAmount else { return false }
                theirs = balance
            case .failed: theirs = 0   // a charged payment that "failed" there was canceled in full
            case .notFound: theirs = nil
            }
        } catch {
            theirs = nil
        }
        guard let theirs else {
            throw MarketplaceError.badGateway(code: "PAYMENT_GATEWAY_ERROR", detail:
                "\(order.payment.provider.rawValue) could not confirm the payment's balance; nothing was refunded. Try again later.")
        }
        if theirs == ours { return false }
        if theirs == ours - split.amount { return true }
        throw MarketplaceError.conflict(code: "BALANCE_MISMATCH", detail:
            "The gateway's balance (\(theirs)) differs from ours (\(ours)) by more than this refund; nothing was refunded.")
    }

    /// 404 `PAYMENT_NOT_FOUND`.
    public static let paymentNotFound = MarketplaceError.notFound(code: "PAYMENT_NOT_FOUND", detail: "No payment has this id.")
}
