import Auth
public import Marketplace

extension CardCompany {
    /// A refund's CANCEL management id when the caller names none: derived from the refund's
    /// idempotency key (payment, refunds before it, amounts) under the PAYMENT's date, so a
    /// retry of the same refund after a lost answer sends the same id and the company answers
    /// it with its first answer instead of refunding twice. The company has no inquiry
    /// message, so this replaces the balance check the other gateways get (`lookup`).
    public static func cancelID(for cancellation: PaymentCancellation, original: String, now: Double) -> String {
        guard ManagementID(rawValue: original) != nil else { return ManagementID.make(at: now).rawValue }
        let digest = Array(SHA256.hex([Array("card-cancel|\(original)|\(cancellation.idempotencyKey)".utf8)]).utf8)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        var text = String(original.prefix(8))
        for index in 0..<12 {
            // Two hex digits, one byte: mod 36 is a slight bias, harmless for an id that is not secret.
            let byte = Int(hexValue(digest[2 * index]) * 16 + hexValue(digest[2 * index + 1]))
            text.unicodeScalars.append(alphabet[byte % alphabet.count])
        }
        return text
    }

    private static func hexValue(_ digit: UInt8) -> UInt8 {
        digit >= UInt8(ascii: "a") ? digit - UInt8(ascii: "a") + 10 : digit - UInt8(ascii: "0")
    }
}
