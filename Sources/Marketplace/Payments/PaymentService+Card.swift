/// `POST /orders/{id}/payment/card` (docs/API.md §5, issue #7): the confirm pipeline of
/// `PaymentService` with the card's own claim. Step 1 differs: the transaction that moves
/// the payment `READY → IN_PROGRESS` also stores the management id (as `tid`), the sealed
/// card, the masked number and expiry and the card's fingerprint, and claims the card
/// (`CardPaymentRepository.beginCardConfirm`), so a crash after the company approved can be
/// reconciled (`recoverCard`) and a second payment with the same card at once is refused.
/// Steps 2 and 3 are the generic ones (`settle`).
extension PaymentService {
    /// Validates the card (400 naming each bad field; nothing stored or sent), then pays the
    /// caller's PENDING_PAYMENT CARD order. Errors: 404 (not the caller's order), 400 (not a
    /// CARD order), 409 as the confirm route (`ALREADY_PROCESSED`, `PAYMENT_IN_PROGRESS`,
    /// `ORDER_EXPIRED`) and `CONCURRENT_REQUEST` (the card is in another payment now), 402.
    public func payByCard(_ id: String, card: CardDetails, by principal: Principal) async throws -> Confirmation {
        let order = try await customerOrder(id, principal)
        guard order.payment.provider == .card else {
            throw MarketplaceError.invalid([FieldIssue(field: "provider", message: "only CARD orders are paid by card")],
                                           detail: "This order is paid with \(order.payment.provider.rawValue); confirm it instead.")
        }
        let issues = CardRules.issues(for: card, now: clock.now()) + CardRules.amountIssues(order.payment.amount)
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The card details are not valid.") }
        let actor = OrderHistoryEntry.actor(principal)
        guard order.status == .pendingPayment, order.payment.status == .ready else {
            return try Self.repeated(order, proof: .card(card, managementId: ""))
        }
        guard let gateway = gateways[.card], let store = payments as? any CardPaymentRepository, let cipher = cardCipher(gateway) else {
            throw MarketplaceError.paymentProviderUnavailable(detail: "Payments with CARD are not available now.")
        }
        let now = clock.now()
        // A fresh management id per attempt: the company answers a repeated id with its first answer.
        let managementId = ManagementID.make(at: now).rawValue
        let sealed = SealedCardPayment(managementId: managementId, sealedCard: try CardDataBlock.seal(card, with: cipher),
                                       masked: card.masked, fingerprint: cipher.fingerprint(cardNumber: card.number))
        // Step 1: the claim, with everything reconciliation needs, before anything is sent.
        guard let claimed = try await store.beginCardConfirm(order.id, sealed, leaseUntil: now + settings.lease, at: now) else {
            guard let current = try await orders.find(order.id) else { throw OrderService.notFound }
            return try Self.repeated(current, proof: .card(card, managementId: managementId))
        }
        // Step 2 outside any transaction; step 3, the generic settlement.
        let outcome: ConfirmOutcome?
        do {
            outcome = try await gateway.confirm(Self.paymentOrder(claimed), proof: .card(card, managementId: managementId),
                                                idempotencyKey: PaymentKeys.confirm(claimed.payment.id))
        } catch {
            outcome = nil   // no definite answer: the money may have moved; recovery sends the CANCEL.
        }
        return try await settle(claimed, outcome: outcome, by: actor, recoveryAttempt: 0)
    }

    /// The card gateway's cipher: the one its PAYMENT and CANCEL messages seal with.
    private func cardCipher(_ gateway: any PaymentGateway) -> (any CardCipher)? {
        (gateway as? any CardSealing)?.cipher
    }
}

/// A card gateway exposes the cipher it seals with, so what the server stores opens with the
/// same key when a CANCEL is rebuilt.
public protocol CardSealing: Sendable {
    var cipher: any CardCipher { get }
}
