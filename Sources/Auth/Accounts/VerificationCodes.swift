public import Marketplace

/// Six-digit email-verification codes: generated from OpenSSL's CSPRNG, stored as a digest.
public enum VerificationCodes {
    /// A uniformly random code `000000`–`999999` (rejection sampling, no modulo bias).
    public static func generate() throws -> String {
        let limit: UInt32 = 4_294_000_000   // the largest multiple of 10^6 below 2^32
        while true {
            let bytes = try LibCrypto.randomBytes(4)
            let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard value < limit else { continue }
            let text = String(value % 1_000_000)
            return String(repeating: "0", count: 6 - text.count) + text
        }
    }

    /// SHA-256 (hex) of the code bound to its account. A 6-digit space is no secret against
    /// someone holding the database, but the digest keeps codes out of dumps and logs.
    public static func digest(of code: String, for userID: UserID) -> String {
        Hex.encode(LibCrypto.sha256(Array("\(userID.rawValue):\(code)".utf8)))
    }

    /// The mail that carries a code, in the account's language (`VerificationMail`).
    public static func mail(code: String, to address: EmailAddress, name: String,
                            tries: Int = PendingVerification.maximumFailedAttempts, locale: MailLocale = .ko) -> MailMessage {
        VerificationMail.message(code: code, to: address, name: name, minutes: Int(PendingVerification.codeLifetime / 60),
                                 tries: tries, locale: locale)
    }
}
