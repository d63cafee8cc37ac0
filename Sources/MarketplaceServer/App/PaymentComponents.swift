import Marketplace

/// The payment gateways the order service talks to, one per provider. Each reads its
/// base URL per call: the configured `payments.<provider>.baseUrl`, or this server's own
/// sandbox (`<bound address>/sandbox/toss`, `/sandbox/kakaopay`), known after bind.
struct PaymentComponents: Sendable {
    /// TOSS and KAKAOPAY; CARD joins when its adapter lands.
    let gateways: [PaymentProvider: any PaymentGateway]

    static func make(config: AppConfig, baseURL: PublicBaseURL) -> PaymentComponents {
        let payments = config.payments
        let client = GatewayHTTPClient(timeoutSeconds: Double(payments.gatewayTimeout))
        func access(_ configured: String?, sandboxPath: String) -> GatewayAccess {
            let fixed = configured.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            return GatewayAccess(baseURL: { fixed ?? baseURL.local + sandboxPath }, publicBaseURL: { baseURL.value },
                                 sandbox: fixed == nil, client: client)
        }
        let toss = TossPayments(access: access(payments.toss.baseUrl, sandboxPath: TossSandboxRoutes.prefix),
                                clientKey: payments.toss.clientKey, secretKey: payments.toss.secretKey)
        let kakaoPay = KakaoPay(access: access(payments.kakaopay.baseUrl, sandboxPath: KakaoPaySandboxRoutes.prefix),
                                cid: payments.kakaopay.cid, secretKey: payments.kakaopay.secretKey)
        return PaymentComponents(gateways: [.toss: toss, .kakaoPay: kakaoPay])
    }
}
