import Dispatch

/// A connection confined to its own serial `DispatchQueue`: every use of it runs there, and
/// async callers wait through a continuation, so SQLite never blocks a cooperative thread
/// or a thread that serves sockets.
///
/// Why a queue and not a dedicated `Thread`: a serial queue gives the same one-at-a-time
/// guarantee, and its blocks run on libdispatch's overcommit pool, which starts another
/// thread rather than starve when one blocks on disk.
final class SerialConnection: @unchecked Sendable {
    // @unchecked is safe because `connection` is only touched by blocks on `queue`, which is serial.
    private let queue: DispatchQueue
    private let connection: Connection

    init(_ connection: Connection, label: String) {
        self.connection = connection
        self.queue = DispatchQueue(label: label)
    }

    /// Runs `body` with the connection on the queue, after the work enqueued before it.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.connection) })
            }
        }
    }

    /// Runs `body` with the connection on the queue, after the work enqueued before it,
    /// without waiting for it (the group-commit writer resumes its callers itself).
    func enqueue(_ body: @escaping @Sendable (Connection) -> Void) {
        queue.async { body(self.connection) }
    }

    /// Closes the connection once the work already enqueued has finished.
    func close() async {
        await withCheckedContinuation { continuation in
            queue.async {
                self.connection.close()
                continuation.resume()
            }
        }
    }
}
