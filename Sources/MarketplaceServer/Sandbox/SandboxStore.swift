import FoundationEssentials
import Glibc
import HTTPServer
import Synchronization

/// One sandbox's memory, kept apart from the server's database so that what a gateway
/// approved stays approved across restarts: an append-only journal
/// `<dataDir>/sandbox/<name>.journal`, one JSON line per changed row (`SandboxTable`).
///
/// A change is applied under the lock and its lines are appended with one `write(2)` on an
/// `O_APPEND` descriptor before the lock is released, so the journal never lags an answer
/// given and a call costs the rows it touched, not the size of the state (the older store
/// rewrote one whole JSON file per call). At start the journal is read back — a torn last
/// line from a crash is dropped — and rewritten compacted (one line per live row, to a
/// temporary file renamed over it), so it grows only by a run's changes. An older
/// `<name>.json` is read once and folded into the journal.
final class SandboxStore<State: SandboxJournaled>: Sendable {
    private let state: Mutex<Journal>

    private struct Journal: ~Copyable {
        var current: State
        let descriptor: Int32
        let encoder: JSONEncoder

        deinit { close(descriptor) }
    }

    init(directory: String, name: String, empty: State) throws {
        try DataDirectory.prepare(directory)
        let path = directory + "/" + name + ".journal"
        let legacy = directory + "/" + name + ".json"
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var current = empty
        if let data = FileManager.default.contents(atPath: path) {
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                let bytes = Data(line)
                // A line cut short by a crash mid-write is the last one, and its answer was never sent.
                guard let header = try? decoder.decode(SandboxJournalHeader.self, from: bytes) else { continue }
                try current.replay(table: header.t, line: bytes, decoder)
            }
        } else if let data = FileManager.default.contents(atPath: legacy) {
            current = try decoder.decode(State.self, from: data)
        }
        _ = try current.takeLines(encoder)
        try Self.compact(current, to: path, encoder)
        unlink(legacy)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(call: "open(\(path))", errno: errno) }
        state = Mutex(Journal(current: current, descriptor: descriptor, encoder: encoder))
    }

    /// Reads without changing.
    func read<T: Sendable>(_ body: (State) -> T) -> T {
        state.withLock { body($0.current) }
    }

    /// Changes the state in place (no copy of it) and journals the rows `body` touched. If
    /// the journal cannot be written the call throws (callers answer 500) and memory is
    /// ahead of the file until the next start.
    func update<T: Sendable>(_ body: (inout State) -> T) throws -> T {
        try state.withLock { journal in
            let result = body(&journal.current)
            let lines = try journal.current.takeLines(journal.encoder)
            if !lines.isEmpty {
                var chunk = Data()
                for line in lines {
                    chunk.append(line)
                    chunk.append(UInt8(ascii: "\n"))
                }
                try Self.write(chunk, to: journal.descriptor)
            }
            return result
        }
    }

    private static func write(_ data: Data, to descriptor: Int32) throws {
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemError(call: "write(sandbox journal)", errno: errno)
                }
                offset += written
            }
        }
    }

    private static func compact(_ state: State, to path: String, _ encoder: JSONEncoder) throws {
        var data = Data()
        for line in try state.allLines(encoder) {
            data.append(line)
            data.append(UInt8(ascii: "\n"))
        }
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SystemError(call: "open(\(temporary))", errno: errno) }
        defer { close(descriptor) }
        try write(data, to: descriptor)
        guard fsync(descriptor) == 0, rename(temporary, path) == 0 else {
            throw SystemError(call: "rename(\(temporary))", errno: errno)
        }
    }
}
