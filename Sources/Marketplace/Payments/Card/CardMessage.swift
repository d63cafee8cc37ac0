/// One PAYMENT or CANCEL message to the card company (docs/CARD_MESSAGE.md): exactly 450
/// printable ASCII characters, the fields of `CardMessageField` side by side.
///
/// The card gateway adapter builds one and sends `try message.encoded()` as the body:
/// ```swift
/// let block = try CardDataBlock.seal(card, with: cipher)
/// let body = try CardMessage.payment(managementId: id, card: card, amount: order.amount,
///                                    vat: order.vat, encryptedCardData: block).encoded()
/// ```
/// The sandbox parses and checks what it receives:
/// ```swift
/// let message = try CardMessage(parsing: body)                  // layout and field kinds
/// let issues = CardRules.issues(for: message.card, now: clock.now())
/// ```
/// Holds card data in clear: its `description` shows only the masked number.
public struct CardMessage: Sendable, Equatable {
    /// Characters in every message.
    public static let length = 450
    /// What the data-length field always says: the length of the rest.
    public static let dataLength = length - CardMessageField.dataLength.length

    /// The data kind.
    public enum Kind: String, Sendable, CaseIterable {
        /// Takes money.
        case payment = "PAYMENT"
        /// Gives back part or all of a payment.
        case cancel = "CANCEL"
    }

    /// PAYMENT or CANCEL.
    public var kind: Kind
    /// This message's own 20-character id (a cancel has its own).
    public var managementId: String
    /// The card; `installmentMonths` is 0 (lump sum) or 2–12, and always 0 on a cancel.
    public var card: CardDetails
    /// This payment's or this cancel's amount, KRW.
    public var amount: Int64
    /// This transaction's VAT, KRW.
    public var vat: Int64
    /// nil on a payment; the payment's management id on a cancel.
    public var originalManagementId: String?
    /// Base64 of the sealed `number|MMYY|cvc` (`CardDataBlock.seal`).
    public var encryptedCardData: String

    /// A message as given; `encoded()` checks it against the layout.
    public init(kind: Kind, managementId: String, card: CardDetails, amount: Int64, vat: Int64,
                originalManagementId: String?, encryptedCardData: String) {
        self.kind = kind
        self.managementId = managementId
        self.card = card
        self.amount = amount
        self.vat = vat
        self.originalManagementId = originalManagementId
        self.encryptedCardData = encryptedCardData
    }

    /// A PAYMENT. A 1-month installment is sent as a lump sum (`00`): the layout has no `01`.
    public static func payment(managementId: String, card: CardDetails, amount: Int64, vat: Int64,
                               encryptedCardData: String) -> CardMessage {
        var card = card
        if card.installmentMonths == 1 { card.installmentMonths = 0 }
        return CardMessage(kind: .payment, managementId: managementId, card: card, amount: amount, vat: vat,
                           originalManagementId: nil, encryptedCardData: encryptedCardData)
    }

    /// A CANCEL of the payment `originalManagementId`: the same card, installments `00`.
    public static func cancel(managementId: String, originalManagementId: String, card: CardDetails, amount: Int64,
                              vat: Int64, encryptedCardData: String) -> CardMessage {
        var card = card
        card.installmentMonths = 0
        return CardMessage(kind: .cancel, managementId: managementId, card: card, amount: amount, vat: vat,
                           originalManagementId: originalManagementId, encryptedCardData: encryptedCardData)
    }
}

extension CardMessage: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Kind, ids, amounts and the masked number; never the expiry, CVC or encrypted block.
    public var description: String {
        "CardMessage(\(kind.rawValue), managementId: \(managementId), originalManagementId: \(originalManagementId ?? "-"), "
            + "card: \(MaskedCard.mask(card.number)), amount: \(amount), vat: \(vat))"
    }

    /// The same as `description`.
    public var debugDescription: String { description }

    /// What `dump` and debuggers walk: the redacted card.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "kind": kind, "managementId": managementId, "card": card, "amount": amount, "vat": vat,
            "originalManagementId": originalManagementId as Any,
        ], displayStyle: .struct)
    }
}
