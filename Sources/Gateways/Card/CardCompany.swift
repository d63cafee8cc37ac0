import FoundationEssentials
public import Marketplace

/// A card company reached directly (provider CARD, docs/API.md §6, docs/CARD_MESSAGE.md) as a
/// `PaymentGateway`: every payment and every cancel is one 450-character message POSTed as
/// `text/plain` to `<base>/payments`; the answer is `{approved, approvalNumber, approvedAt}`
/// or `{approved: false, code, message}` (HTTP 200, or 400 when the company could not read
/// the message). The card travels in clear fields and, sealed with the shared key
/// (`payments.card.encryptionKey`), in the encrypted block; neither is ever logged.
///
/// - `prepare` is local: the checkout says where the client sends the card
///   (`payUrl`, this server's `POST …/orders/{id}/payment/card`) and the amount.
/// - `confirm` takes `.card(details, managementId:)`; the management id becomes `tid`.
/// - `cancel` needs the payment's card, which only the server's records hold, sealed: it
///   asks the `CardVault` for the block of `reference.tid`, or the caller hands the block
///   to `cancel(_:sealedCard:)` directly.
/// - `lookup`: the company has no inquiry message; see there.
public struct CardCompany: PaymentGateway {
    public let provider = PaymentProvider.card
    public let access: GatewayAccess
    public let cipher: any CardCipher
    public let vault: any CardVault
    public let clock: any WallClock
    /// Where messages go, under the base URL.
    public static let messagePath = "/payments"

    public init(access: GatewayAccess, cipher: any CardCipher, vault: any CardVault, clock: any WallClock) {
        self.access = access
        self.cipher = cipher
        self.vault = vault
        self.clock = clock
    }

    /// Local: `{payUrl, amount}`. The customer pays by sending the card to `payUrl`.
    public func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation {
        let payUrl = access.publicBaseURL() + "/api/v1/customer/orders/" + URLQuery.escape(order.orderId) + "/payment/card"
        return PaymentPreparation(checkout: [("payUrl", .string(payUrl)), ("amount", .int(order.amount))])
    }

    /// Checks the card (`CardRules`) and the amount (100 – 1,000,000,000 KRW) first: a bad
    /// field is a 400 `INVALID_REQUEST` naming it, and nothing is sent. Then one PAYMENT of
    /// `order.amount` with `order.vat`. The management id is the idempotency key at the
    /// company (it answers a repeated id with its first answer); `idempotencyKey` is unused.
    public func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
        guard case .card(let card, let managementId) = proof else {
            throw GatewayError.unreadable("the card company confirms only a card")
        }
        let issues = CardRules.issues(for: card, now: clock.now()) + CardRules.amountIssues(order.amount)
            + Self.idIssues(managementId, field: "managementId")
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The card payment is not valid.") }
        let message = CardMessage.payment(managementId: managementId, card: card, amount: order.amount, vat: order.vat,
                                          encryptedCardData: try CardDataBlock.seal(card, with: cipher))
        switch try await send(message) {
        case .approved(_, let approvedAt):
            return .approved(GatewayApproval(tid: managementId, amount: order.amount, approvedAt: approvedAt))
        case .declined(let code, let message):
            return .declined(code: code, message: message)
        }
    }

    /// The card company answers no inquiry: the messages are PAYMENT and CANCEL only, so it
    /// cannot say whether a PAYMENT whose answer was lost went through. This throws
    /// `MarketplaceError.unavailable` rather than guess. To settle such a payment, send its
    /// CANCEL for the full amount (`cancel`, with `reference.tid` the PAYMENT's id): a receipt
    /// means the money was taken and is now back; `409 ORIGINAL_NOT_FOUND` means the company
    /// never approved it — nothing to undo.
    public func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup {
        throw MarketplaceError.unavailable(
            detail: "The card company has no inquiry message; settle a CARD payment by sending its CANCEL.", retryAfterSeconds: nil)
    }

    /// Finds the payment's sealed card in the vault, then `cancel(_:sealedCard:)`. No block
    /// on record → 409 `NOT_CANCELABLE_PAYMENT` (nothing sent).
    public func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt {
        guard let original = cancellation.reference.tid else {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE_PAYMENT", detail: "The payment has no card management id.")
        }
        guard let sealed = try await vault.sealedCard(forPayment: original) else {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE_PAYMENT",
                                            detail: "The card data of payment \(original) is not on record; it cannot be canceled here.")
        }
        return try await cancel(cancellation, sealedCard: sealed)
    }

    /// One CANCEL of `cancellation.amount` and `.vat` against the PAYMENT `reference.tid`,
    /// with its own management id (`cancellation.managementId`, else one derived from the
    /// refund's idempotency key: `cancelID`), for the
    /// card sealed in `sealedCard` (what the server stored for the payment). The receipt's
    /// `tid` is the cancel's management id. Declines are thrown as 409s:
    /// `NOT_CANCELABLE_AMOUNT` (over the balance or its VAT, or emptying the balance while
    /// VAT remains), `ORIGINAL_NOT_FOUND` (the
    /// company approved no PAYMENT with that id: nothing to undo), `NOT_CANCELABLE_PAYMENT`
    /// (any other code, named in the detail).
    public func cancel(_ cancellation: PaymentCancellation, sealedCard: String) async throws -> CancelReceipt {
        guard let original = cancellation.reference.tid else {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE_PAYMENT", detail: "The payment has no card management id.")
        }
        let managementId = cancellation.managementId ?? Self.cancelID(for: cancellation, original: original, now: clock.now())
        var issues = Self.idIssues(managementId, field: "managementId") + Self.idIssues(original, field: "tid")
        if cancellation.amount < 1 { issues.append(FieldIssue(field: "amount", message: "must be at least 1 KRW")) }
        if cancellation.vat < 0 || cancellation.vat > cancellation.amount {
            issues.append(FieldIssue(field: "vat", message: "must be from 0 to the amount"))
        }
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The card cancel is not valid.") }
        let card: CardDetails
        do { card = try CardDataBlock.open(sealedCard, with: cipher) } catch {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE_PAYMENT",
                                            detail: "The stored card data of payment \(original) does not open with the configured key.")
        }
        let message = CardMessage.cancel(managementId: managementId, originalManagementId: original, card: card,
                                         amount: cancellation.amount, vat: cancellation.vat,
                                         encryptedCardData: try CardDataBlock.seal(card, with: cipher))
        switch try await send(message) {
        case .approved(_, let approvedAt):
            return CancelReceipt(tid: managementId, canceledAt: approvedAt)
        case .declined(let code, let text):
            let ours = switch code {
            case CardCompanyAnswer.exceedsBalance, CardCompanyAnswer.invalidVat: "NOT_CANCELABLE_AMOUNT"
            case CardCompanyAnswer.originalNotFound: CardCompanyAnswer.originalNotFound
            default: "NOT_CANCELABLE_PAYMENT"
            }
            throw MarketplaceError.conflict(code: ours, detail: "The card company refused the cancel (\(code)): \(text)")
        }
    }

    // MARK: Plumbing

    /// Encodes and POSTs one message; the company's decision, or `GatewayError` when there is none.
    private func send(_ message: CardMessage) async throws -> CardCompanyAnswer.Decision {
        let text: String
        do { text = try message.encoded() } catch {
            // Rules ran first, so only a value the layout cannot hold lands here; name its field.
            throw MarketplaceError.invalid([FieldIssue(field: Self.fieldName(error), message: error.description)],
                                           detail: "The card message cannot be built.")
        }
        let reply = try await access.client.send("POST", access.baseURL() + Self.messagePath, headers: [],
                                                 body: Data(text.utf8), contentType: "text/plain; charset=us-ascii")
        switch reply.status {
        case 200, 400:
            // 400: the company could not read the message and did nothing: a definite decline.
            return try CardCompanyAnswer.decide(Data(reply.body), status: reply.status)
        case 429, 500...:
            throw GatewayError.unavailable(status: reply.status)
        default:
            throw GatewayError.unreadable("the card company answered \(reply.status) unexpectedly")
        }
    }

    private static func idIssues(_ id: String, field: String) -> [FieldIssue] {
        ManagementID(rawValue: id) == nil ? [FieldIssue(field: field, message: "must be 20 characters of 0-9 and A-Z")] : []
    }

    private static func fieldName(_ error: CardMessageError) -> String {
        switch error {
        case .valueTooLong(let field), .invalidValue(let field): field.rawValue
        case .wrongLength, .notPrintableASCII: "message"
        }
    }
}
