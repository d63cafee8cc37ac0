import Marketplace

/// The gateway simulators (`sandbox.enabled`): Toss and Kakao Pay, and the fault registry
/// they — and the card company's sandbox — consult. State lives in `<dataDir>/sandbox/`.
struct SandboxComponents: Sendable {
    let faults: SandboxFaults
    let toss: TossSandbox
    let kakaoPay: KakaoPaySandbox
    /// `<dataDir>/sandbox`, where each sandbox keeps its file.
    let directory: String

    static func make(config: AppConfig, baseURL: PublicBaseURL, clock: any WallClock) throws -> SandboxComponents {
        let directory = config.storage.dataDir + "/sandbox"
        let faults = SandboxFaults(clientTimeoutSeconds: config.payments.gatewayTimeout)
        return SandboxComponents(
            faults: faults,
            toss: try TossSandbox(directory: directory, secretKey: config.payments.toss.secretKey, faults: faults, clock: clock),
            kakaoPay: try KakaoPaySandbox(directory: directory, secretKey: config.payments.kakaopay.secretKey,
                                          cid: config.payments.kakaopay.cid, faults: faults, clock: clock,
                                          publicBaseURL: { baseURL.value }),
            directory: directory)
    }

    func register(on router: inout Router) {
        SandboxFaultRoutes.register(on: &router, faults: faults)
        TossSandboxRoutes.register(on: &router, sandbox: toss)
        KakaoPaySandboxRoutes.register(on: &router, sandbox: kakaoPay)
    }
}
