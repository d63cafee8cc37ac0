/// Where the card gateway finds a payment's sealed card when it has to cancel it: a CANCEL
/// carries the same card as its PAYMENT (docs/CARD_MESSAGE.md), and the server keeps a card only
/// sealed (`CardDataBlock.seal`), never in clear.
///
/// The payment repository implements it. Store the sealed block with the payment's
/// management id *before* the PAYMENT is sent (when the payment goes `IN_PROGRESS`), so that
/// a later cancel and the reconciliation after a crash (which sends the CANCEL of a PAYMENT
/// whose answer was never recorded) both find it.
public protocol CardVault: Sendable {
    /// The sealed block (base64 text, as `CardDataBlock.seal` makes it) of the PAYMENT with
    /// this management id, or nil when none is kept.
    func sealedCard(forPayment managementId: String) async throws -> String?
}
