import Marketplace

/// Standard Webhooks signing (https://www.standardwebhooks.com): secrets `whsec_` + base64
/// of 32 CSPRNG bytes; signature `v1,` + base64 of HMAC-SHA256 over `{id}.{timestamp}.{body}`
/// keyed with the base64-decoded part after `whsec_`. All crypto is libcrypto's.
public enum WebhookSignature {
    /// The secret's prefix.
    public static let prefix = "whsec_"

    /// A fresh secret: `whsec_` + base64 of 32 random bytes (`RAND_bytes`).
    public static func makeSecret() throws -> String {
        prefix + Base64.encode(try LibCrypto.randomBytes(32))
    }

    /// The `webhook-signature` header value, or nil for a malformed secret.
    public static func sign(secret: String, id: String, timestamp: Int64, body: [UInt8]) -> String? {
        guard secret.hasPrefix(prefix), let key = Base64.decode(String(secret.dropFirst(prefix.count))), !key.isEmpty else {
            return nil
        }
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Base64.encode(LibCrypto.hmacSHA256(key: key, data: signed))
    }
}
