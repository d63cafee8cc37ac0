extension CardMessage {
    /// Whether the encrypted block holds the same number, expiry and CVC as the clear
    /// fields: the sandbox card company's check that the block was sealed with the shared
    /// key for this card. Throws the cipher's error when the block does not open.
    public func encryptedCardMatches(with cipher: any CardCipher) throws -> Bool {
        let sealed = try CardDataBlock.open(encryptedCardData, installmentMonths: card.installmentMonths, with: cipher)
        return sealed == card
    }
}
