/// What a card payment stores before its PAYMENT is sent (issue #7): the payment repository
/// implements it beside `PaymentRepository`. A separate port so the card route lands without
/// changing `PaymentService`'s initializer.
public protocol CardPaymentRepository: Sendable {
    /// `beginConfirm` for a card, in ONE transaction: `READY → IN_PROGRESS` (same guards), the
    /// management id as `tid`, the sealed card block, its masked number and expiry, its
    /// fingerprint, and the card's claim (`card_locks`, leased until `leaseUntil`). nil when
    /// the payment's guard lost; throws 409 `CONCURRENT_REQUEST` (nothing stored) when
    /// another payment in flight holds the same card.
    func beginCardConfirm(_ order: OrderID, _ card: SealedCardPayment, leaseUntil: Double, at time: Double) async throws -> Order?
}

/// A card payment as the server may keep it: never the number, expiry or CVC in clear
/// (the expiry is shown, as MMYY, with the masked number).
public struct SealedCardPayment: Sendable, Equatable {
    /// The PAYMENT message's management id; becomes `payment.tid`.
    public let managementId: String
    /// `CardDataBlock.seal` of the card.
    public let sealedCard: String
    public let masked: MaskedCard
    /// `CardCipher.fingerprint(cardNumber:)`.
    public let fingerprint: String

    public init(managementId: String, sealedCard: String, masked: MaskedCard, fingerprint: String) {
        self.managementId = managementId
        self.sealedCard = sealedCard
        self.masked = masked
        self.fingerprint = fingerprint
    }
}
