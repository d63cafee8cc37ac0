import Gateways
import Marketplace
import Storage

/// The mail queue, its transport (`mail.transport`: the `.eml` outbox or SMTP) and the worker
/// that sends it (issue #19, docs/API.md §10).
struct MailComponents: Sendable {
    let queue: MailQueueStore
    let worker: MailWorker
    let clock: any WallClock

    static func make(config: AppConfig, database: Database, clock: any WallClock, logger: Logger) throws -> MailComponents {
        let transport: any MailTransport
        switch config.mail.transport {
        case "smtp":
            let smtp = config.mail.smtp
            let sender = AppConfig.Mail.address(of: config.mail.from)
            let settings = SMTPSettings(
                host: smtp.host, port: smtp.port, security: SMTPSettings.Security(rawValue: smtp.security) ?? .startTLS,
                username: smtp.username, password: smtp.password, timeout: smtp.timeout,
                heloName: sender.split(separator: "@").last.map(String.init) ?? "localhost")
            do {
                transport = try SMTPTransport(settings: settings, caFile: smtp.caFile)
            } catch {
                throw ConfigError.invalidValue(key: "mail.smtp.caFile", reason: "\(error)")
            }
        default:
            transport = try FileMailer(dataDirectory: config.storage.dataDir, clock: clock)
        }
        let queue = MailQueueStore(database: database)
        // Real time: due times and Date headers are the wall clock's.
        let worker = MailWorker(queue: queue, transport: transport, settings: config.mail, clock: SystemClock(), logger: logger)
        return MailComponents(queue: queue, worker: worker, clock: SystemClock())
    }

    func register(on router: inout Router) {
        MailRoutes.register(on: &router, queue: queue, clock: clock, retried: { [worker] in worker.wake() })
    }
}
