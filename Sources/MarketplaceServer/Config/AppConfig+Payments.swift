import Gateways
import FoundationEssentials

extension AppConfig {
    /// Gateways and the recovery worker. A nil `baseUrl` means "the sandbox on this
    /// server"; the application resolves it from the bound address (`/sandbox/toss`, …).
    struct Payments: Sendable, Equatable {
        var gatewayTimeout = 10
        /// Connections per gateway origin at once (the outbound pool's cap), 1…1024.
        var maxConnections = 64
        var recoveryInterval = 30
        var recoveryMaxAttempts = 8
        /// Where the browser goes after the gateway's redirect confirmed the payment
        /// (`?orderId=&status=` appended); nil: a page on this server says paid or not.
        var returnUrl: String?
        var toss = Toss()
        var kakaopay = KakaoPay()
        var card = Card()
    }

    struct Toss: Sendable, Equatable {
        var baseUrl: String?
        var secretKey = "test_sk_marketplace_sandbox"
        var clientKey = "test_ck_marketplace_sandbox"
    }

    struct KakaoPay: Sendable, Equatable {
        var baseUrl: String?
        var secretKey = "DEV_marketplace_sandbox_secret"
        /// Kakao Pay's public test merchant id.
        var cid = "TC0ONETIME"
    }

    struct Card: Sendable, Equatable {
        var baseUrl: String?
        /// 32 bytes, base64. Card data is encrypted with it at rest.
        var encryptionKey = Card.developmentKey

        /// base64("marketplace-dev-card-key-32bytes"): public, so refused when the sandbox is off.
        static let developmentKey = "bWFya2V0cGxhY2UtZGV2LWNhcmQta2V5LTMyYnl0ZXM="

        /// The decoded key, or nil when it is not 32 bytes of base64 (validation refuses that).
        var encryptionKeyBytes: [UInt8]? {
            guard let data = Data(base64Encoded: encryptionKey), data.count == 32 else { return nil }
            return Array(data)
        }
    }
}
