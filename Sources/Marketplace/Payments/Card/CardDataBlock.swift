/// The message's encrypted card data: base64 of the sealed `number|MMYY|cvc`
/// (docs/CARD_MESSAGE.md, columns 104–403). The same text is what the server stores instead of
/// the card, so a later CANCEL can be rebuilt with `open`.
public enum CardDataBlock {
    /// `number|MMYY|cvc`, the plaintext the spec names.
    public static func plaintext(of card: CardDetails) -> [UInt8] {
        Array("\(card.number)|\(card.expiry)|\(card.cvc)".utf8)
    }

    /// Seals the card's number, expiry and CVC; fits the 300-character field with room to spare.
    public static func seal(_ card: CardDetails, with cipher: any CardCipher) throws -> String {
        Base64.encode(try cipher.seal(plaintext(of: card)))
    }

    /// The card sealed in `block`. The block carries no installments: the result has
    /// `installmentMonths` as given. Throws `CardCipherError.malformed` for text that is not
    /// a sealed card, and the cipher's error when authentication fails.
    public static func open(_ block: String, installmentMonths: Int = 0, with cipher: any CardCipher) throws -> CardDetails {
        guard let sealed = Base64.decode(block) else { throw CardCipherError.malformed }
        let parts = try cipher.open(sealed).split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw CardCipherError.malformed }
        let text = parts.map { String(decoding: $0, as: UTF8.self) }
        return CardDetails(number: text[0], expiry: text[1], cvc: text[2], installmentMonths: installmentMonths)
    }
}
