import Gateways
import Auth
import Marketplace

/// The payment gateways the order service talks to, one per provider. Each reads its
/// base URL per call: the configured `payments.<provider>.baseUrl`, or this server's own
/// sandbox (`<bound address>/sandbox/toss`, `/sandbox/kakaopay`, `/sandbox/card`), known after bind.
struct PaymentComponents: Sendable {
    /// TOSS, KAKAOPAY and CARD.
    let gateways: [PaymentProvider: any PaymentGateway]
    /// The same adapters without the timing wrapper (tests build variants of them).
    let adapters: [PaymentProvider: any PaymentGateway]
    /// The card data's cipher, from `payments.card.encryptionKey` (validated: 32 bytes of
    /// base64), shared with whatever stores sealed cards and with the card sandbox.
    let cardCipher: any CardCipher

    /// `cardVault` is where the CARD adapter finds a payment's sealed card to cancel it: the
    /// payment repository, which stores it when the payment goes IN_PROGRESS.
    static func make(config: AppConfig, baseURL: PublicBaseURL, clock: any WallClock,
                     cardVault: any CardVault, metrics: Metrics? = nil) throws -> PaymentComponents {
        let payments = config.payments
        // One pool for every gateway: each origin gets at most `payments.maxConnections`. A call
        // waits at most 2 s for a connection, outside its deadline: two calls of one confirm
        // then still fit its lease (2 × gatewayTimeout + 5 s).
        let client = try OutboundHTTPClient.gateway(timeoutSeconds: Double(payments.gatewayTimeout),
                                                    maxConnections: payments.maxConnections)
        func access(_ configured: String?, sandboxPath: String) -> GatewayAccess {
            let fixed = configured.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            return GatewayAccess(baseURL: { fixed ?? baseURL.local + sandboxPath }, publicBaseURL: { baseURL.value },
                                 sandbox: fixed == nil, client: client)
        }
        let toss = TossPayments(access: access(payments.toss.baseUrl, sandboxPath: TossSandboxRoutes.prefix),
                                clientKey: payments.toss.clientKey, secretKey: payments.toss.secretKey)
        let kakaoPay = KakaoPay(access: access(payments.kakaopay.baseUrl, sandboxPath: KakaoPaySandboxRoutes.prefix),
                                cid: payments.kakaopay.cid, secretKey: payments.kakaopay.secretKey)
        // Validation refused a key that is not 32 bytes of base64; this is the last guard.
        let cipher = try AESGCMCardCipher(key: payments.card.encryptionKeyBytes ?? [])
        let card = CardCompany(access: access(payments.card.baseUrl, sandboxPath: CardSandboxRoutes.prefix), cipher: cipher,
                               vault: cardVault, clock: clock)
        let adapters: [PaymentProvider: any PaymentGateway] = [.toss: toss, .kakaoPay: kakaoPay, .card: card]
        // Each call timed into gateway_request_duration_seconds (docs/API.md §8).
        let gateways = metrics.map { metrics in adapters.mapValues { InstrumentedGateway.wrap($0, metrics: metrics) } }
        return PaymentComponents(gateways: gateways ?? adapters, adapters: adapters, cardCipher: cipher)
    }
}
