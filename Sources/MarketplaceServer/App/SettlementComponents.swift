import Marketplace
import Storage

/// Paying the sellers (docs/API.md §11): the service, its routes and the daily run.
struct SettlementComponents: Sendable {
    let service: SettlementService
    let daily: SweepWorker

    static func make(config: AppConfig, database: Database, clock: any WallClock, cipher: any CardCipher,
                     logger: Logger) -> SettlementComponents {
        let settings = SettlementService.Settings(minimumPayout: Int64(config.settlement.minimumPayout), runHour: config.settlement.runHour,
                                                  lease: 600, provider: config.payouts.provider)
        // The account numbers are sealed with the card data's cipher and key (payments.card.encryptionKey).
        let service = SettlementService(repository: SettlementStore(database: database), rules: CommissionStore(database: database),
                                        cipher: cipher, clock: clock, settings: settings, holder: "server-" + RandomID.base62(12))
        let daily = SweepWorker.dailySettlement(service) { error in
            logger.error("daily settlement run failed", [("error", .string("\(error)"))])
        }
        return SettlementComponents(service: service, daily: daily)
    }

    func register(on router: inout Router) {
        SellerSettlementRoutes.register(on: &router, settlements: service)
        AdminSettlementRoutes.register(on: &router, settlements: service)
    }
}
