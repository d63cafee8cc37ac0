import Gateways
import Marketplace

/// The gateway simulators (`sandbox.enabled`): Toss, Kakao Pay and the card company, and
/// the fault registry they consult. State lives in `<dataDir>/sandbox/`.
struct SandboxComponents: Sendable {
    let faults: SandboxFaults
    let toss: TossSandbox
    let kakaoPay: KakaoPaySandbox
    let card: CardSandbox
    /// `<dataDir>/sandbox`, where each sandbox keeps its file.
    let directory: String
    /// `payments.returnUrl`: the success redirects end there, so the checkout pages' forms
    /// (`Content-Security-Policy: form-action`, which covers a form's redirects) must allow it.
    var returnUrl: String? = nil

    /// `cardCipher` is the one built from `payments.card.encryptionKey`: the key the card
    /// company shares with the server.
    static func make(config: AppConfig, baseURL: PublicBaseURL, clock: any WallClock,
                     cardCipher: any CardCipher) throws -> SandboxComponents {
        let directory = config.storage.dataDir + "/sandbox"
        let faults = SandboxFaults(clientTimeoutSeconds: config.payments.gatewayTimeout)
        return SandboxComponents(
            faults: faults,
            toss: try TossSandbox(directory: directory, secretKey: config.payments.toss.secretKey, faults: faults, clock: clock),
            kakaoPay: try KakaoPaySandbox(directory: directory, secretKey: config.payments.kakaopay.secretKey,
                                          cid: config.payments.kakaopay.cid, faults: faults, clock: clock,
                                          publicBaseURL: { baseURL.value }),
            card: try CardSandbox(directory: directory, cipher: cardCipher, faults: faults, clock: clock),
            directory: directory, returnUrl: config.payments.returnUrl)
    }

    func register(on router: inout Router) {
        SandboxFaultRoutes.register(on: &router, faults: faults)
        let formTargets = returnUrl.map { [$0] } ?? []
        TossSandboxRoutes.register(on: &router, sandbox: toss, formTargets: formTargets)
        KakaoPaySandboxRoutes.register(on: &router, sandbox: kakaoPay, formTargets: formTargets)
        CardSandboxRoutes.register(on: &router, sandbox: card)
    }
}
