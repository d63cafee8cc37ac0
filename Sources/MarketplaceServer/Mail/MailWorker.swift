import Marketplace
import Storage
import Synchronization

/// Sends the mail queue (docs/API.md §10) on a queue of its own: claims up to `batchSize`
/// due mails with a lease, renders each (`Message-ID: <queue id@sender domain>`, `Date` of
/// its creation), hands the batch to the transport (one SMTP connection for the batch), and
/// records each outcome. Woken when a change queued mail (`wake`), by an admin's retry, and
/// at the next due time (at most every `poll` seconds: mail of other servers, leases of a
/// server that died). Nothing lives only in memory: a restart finds QUEUED rows and
/// expired leases in the database. At least once: a crash between sending and recording
/// sends again after the lease, under the same Message-ID.
final class MailWorker: Sendable {
    let queue: MailQueueStore
    let transport: any MailTransport
    let from: String
    let schedule: [Int]
    /// A batch's lease: every step of every message may take the whole timeout, plus the
    /// connection's own steps.
    let lease: Double
    let clock: any WallClock
    let logger: Logger
    static let batchSize = 20
    static let poll = 1.0

    private let wakeup = Wakeup()
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(queue: MailQueueStore, transport: any MailTransport, settings: AppConfig.Mail, clock: any WallClock, logger: Logger) {
        self.queue = queue
        self.transport = transport
        self.from = settings.from
        self.schedule = settings.retrySchedule
        self.lease = Double(settings.smtp.timeout) * Double(4 * Self.batchSize + 6)
        self.clock = clock
        self.logger = logger
    }

    /// Mail was queued or made due: send now.
    func wake() { wakeup.signal() }

    func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task(executorPreference: QueueExecutor(label: "mail.worker")) { [self] in await run() }
        }
    }

    /// Stops the loop; a batch in flight is abandoned and, its lease running out, sent again.
    func stop() async {
        let running = task.withLock { task in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
    }

    /// `marketplace_mail_queue{status}` for `/metrics` (nil if storage fails).
    func gauge() async -> Metrics.Gauge? {
        guard let counts = try? await queue.counts() else { return nil }
        return Metrics.Gauge(name: "marketplace_mail_queue", help: "Mails in the queue by status.",
                             samples: ["QUEUED", "SENT", "FAILED"].map { ([("status", $0)], counts[$0] ?? 0) })
    }

    private func run() async {
        while !Task.isCancelled {
            var pause = Self.poll
            do {
                while !Task.isCancelled {
                    let batch = try await queue.claimDue(limit: Self.batchSize, lease: lease, at: clock.now())
                    if batch.isEmpty { break }
                    await send(batch)
                }
                if let next = try await queue.nextDue() { pause = min(max(next - clock.now(), 0.01), Self.poll) }
            } catch is CancellationError {
                return
            } catch {
                logger.error("mail queue failed", [("error", .string("\(error)"))])
            }
            await wakeup.wait(upTo: pause)
        }
    }

    private func send(_ batch: [QueuedMail]) async {
        let envelope = RFC5322Message.address(of: from)
        let domain = envelope.split(separator: "@").last.map(String.init) ?? "localhost"
        let outgoing = batch.map { mail in
            OutgoingMail(id: mail.id, from: envelope, to: mail.to, bytes: RFC5322Message.render(
                RFC5322Message.Content(to: mail.to, subject: mail.subject, text: mail.text, html: mail.html),
                from: from, date: mail.createdAt, messageID: "\(mail.id)@\(domain)"))
        }
        let results = await transport.deliver(outgoing)
        if Task.isCancelled { return }   // stopping: the lease runs out and the batch is sent again
        for (mail, result) in zip(batch, results) {
            do {
                try await queue.record(result, of: mail.id, schedule: schedule, at: clock.now())
            } catch {
                logger.error("mail outcome not recorded", [("error", .string("\(error)")), ("mail", .string(mail.id))])
            }
            if case .sent = result { continue }
            logger.warn("mail not sent", [("mail", .string(mail.id)), ("result", .string("\(result)"))])
        }
    }
}
