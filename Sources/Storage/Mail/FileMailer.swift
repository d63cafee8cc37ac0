import Dispatch
import Glibc
public import Marketplace
import Synchronization

/// The default `MailTransport` (`mail.transport: file`): one RFC 5322 `.eml` file per queued
/// message in `<dataDir>/mail/outbox/`, for a relay (or a developer, or a test) to pick up.
///
/// It lives in Storage because it is an adapter that persists to the data directory, like
/// the blob store; the domain only knows the `Mailer` port. Each file appears atomically:
/// written under a dot-prefixed temporary name, fsync'ed, renamed to `*.eml`, and the
/// directory fsync'ed, so a reader never sees half a message and a crash loses none that
/// `deliver` reported as sent. Names sort by time: `<unix ms>-<pid>-<sequence>.eml`.
public final class FileMailer: MailTransport {
    /// The outbox directory.
    public let directory: String
    private let clock: any WallClock
    private let sequence = Atomic<Int>(0)
    /// File I/O and fsync run here, never on an event loop or the cooperative pool.
    private let queue = DispatchQueue(label: "storage.mail.outbox")

    /// Uses (and creates when missing) `<dataDir>/mail/outbox`.
    public init(dataDirectory: String, clock: any WallClock) throws {
        let base = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        directory = base + "/mail/outbox"
        self.clock = clock
        for path in [base + "/mail", directory] where mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw MailerError(call: "mkdir", path: path, code: errno)
        }
    }

    public func deliver(_ batch: [OutgoingMail]) async -> [MailSendResult] {
        var results: [MailSendResult] = []
        for mail in batch {
            do {
                try await writeMessage(mail.bytes)
                results.append(.sent)
            } catch {
                results.append(.transient("outbox: \(error)"))
            }
        }
        return results
    }

    /// Writes one message file (tests and tools that bypass the queue).
    public func writeMessage(_ bytes: [UInt8]) async throws {
        let millis = String(Int64((clock.now() * 1000).rounded()))
        let number = sequence.add(1, ordering: .relaxed).newValue
        let stem = String(repeating: "0", count: max(0, 13 - millis.count)) + millis + "-\(getpid())-\(number)"
        let directory = self.directory
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                continuation.resume(with: Result { try Self.writeAtomically(bytes, directory: directory, name: stem + ".eml") })
            }
        }
    }

    static func writeAtomically(_ bytes: [UInt8], directory: String, name: String) throws {
        let temporary = directory + "/." + name + ".tmp"
        let final = directory + "/" + name
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw MailerError(call: "open", path: temporary, code: errno) }
        do {
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw MailerError(call: "write", path: temporary, code: errno) }
                offset += written
            }
            guard fsync(fd) == 0 else { throw MailerError(call: "fsync", path: temporary, code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, final) == 0 else {
            let code = errno
            unlink(temporary)
            throw MailerError(call: "rename", path: final, code: code)
        }
        // The rename itself is durable only once the directory entry is synced.
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }
}
