import Dispatch
import Glibc
import Synchronization

/// Tells the other servers on one PostgreSQL database that something changed, and hears
/// them: `LISTEN`/`NOTIFY` on one channel over a connection of its own, on a thread of its own.
///
/// `notify()` never blocks: it raises a flag and wakes the thread through a pipe, and the
/// thread sends one `NOTIFY` for however many calls came meanwhile. Notifications from the
/// other servers call `onNotification`; our own come back too and are ignored by backend pid.
/// After the connection is lost and made again, `onNotification` is called once as well,
/// since anything may have happened while nobody was listening.
///
/// The channel is scoped to the connection's schema (`<channel>_<current_schema()>`): NOTIFY
/// reaches every session of the database, and servers on other schemas of it (other
/// deployments, or the test suite's servers, one schema each) are not "the other servers".
public final class PostgresNotifier: Sendable {
    private let url: String
    private let channel: String
    private let onNotification: @Sendable () -> Void
    private let pending = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// [read end, write end] of the wake-up pipe.
    private let wake: (Int32, Int32)

    /// Starts listening on `channel` (an identifier: letters, digits, underscores).
    public init(url: String, channel: String, onNotification: @escaping @Sendable () -> Void) throws {
        precondition(channel.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "channel must be a plain identifier")
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw PostgresError(sqlState: "58000", message: "pipe failed: errno \(errno)")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        self.url = url
        self.channel = channel
        self.onNotification = onNotification
        self.wake = (fds[0], fds[1])
        DispatchQueue(label: "storage.postgres.notifier.\(channel)").async { self.loop() }
    }

    /// Asks the thread to tell the other servers; returns at once.
    public func notify() {
        if !pending.exchange(true, ordering: .acquiringAndReleasing) {
            var byte: UInt8 = 1
            _ = write(wake.1, &byte, 1)
        }
    }

    /// Stops the thread and closes its connection; waits for it.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 0
        _ = write(wake.1, &byte, 1)
        finished.wait()
        close(wake.0)
        close(wake.1)
    }

    private func loop() {
        var connection: PostgresConnection?
        var ownPID: Int32 = 0
        var everConnected = false
        var scoped = channel
        while !stopped.load(ordering: .acquiring) {
            if connection?.isHealthy != true {
                connection = nil
                do {
                    let fresh = try PostgresConnection(url: url)
                    let schema = try fresh.script("SELECT current_schema()").first.flatMap { try? $0.string(0) } ?? ""
                    scoped = Self.scopedChannel(channel, schema: schema)
                    _ = try fresh.script("LISTEN \(scoped)")
                    connection = fresh
                    ownPID = fresh.backendPID
                    if everConnected { onNotification() }   // we may have missed some
                    everConnected = true
                } catch {
                    waitForWake(milliseconds: 1_000)
                    continue
                }
            }
            guard let live = connection else { continue }
            var fds = [pollfd(fd: live.socket, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.0, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, 1_000)
            drainWake()
            do {
                if pending.exchange(false, ordering: .acquiringAndReleasing) {
                    _ = try live.script("NOTIFY \(scoped)")
                }
                let heard = try live.notifications()
                if heard.contains(where: { $0.pid != ownPID }) { onNotification() }
            } catch {
                live.close()
                connection = nil
            }
        }
        connection?.close()
        finished.signal()
    }

    /// `channel_schema` when the schema is a plain lower-case identifier (as PostgreSQL folds
    /// unquoted names), else `channel_` and a hash of it; at most 63 bytes (NAMEDATALEN).
    static func scopedChannel(_ channel: String, schema: String) -> String {
        let plain = !schema.isEmpty && schema.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in schema.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let suffix = plain ? schema : "h" + String(hash, radix: 16)
        return String((channel + "_" + suffix).prefix(63))
    }

    private func waitForWake(milliseconds: Int32) {
        var fd = pollfd(fd: wake.0, events: Int16(POLLIN), revents: 0)
        _ = poll(&fd, 1, milliseconds)
        drainWake()
    }

    private func drainWake() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wake.0, &buffer, buffer.count) > 0 {}
    }
}
