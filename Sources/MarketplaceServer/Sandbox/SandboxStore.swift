import FoundationEssentials
import Synchronization

/// One sandbox's memory: a `Codable` state kept in `<dataDir>/sandbox/<name>.json`, apart
/// from the server's database, so that what a gateway approved stays approved across
/// restarts. Every change is applied under a lock and written before the lock is released
/// (a temporary file renamed over the old one), so the file never lags an answer given.
/// The files are small; the write is a few hundred microseconds on the calling thread.
final class SandboxStore<State: Codable & Sendable>: Sendable {
    private let path: String
    private let state: Mutex<State>

    init(directory: String, name: String, empty: State) throws {
        try DataDirectory.prepare(directory)
        path = directory + "/" + name + ".json"
        if let data = FileManager.default.contents(atPath: path) {
            state = Mutex(try JSONDecoder().decode(State.self, from: data))
        } else {
            state = Mutex(empty)
        }
    }

    /// Reads without changing.
    func read<T: Sendable>(_ body: (State) -> T) -> T {
        state.withLock { body($0) }
    }

    /// Changes the state and saves it when `body` returns normally (a thrown error changes nothing).
    func update<T: Sendable>(_ body: (inout State) throws -> T) throws -> T {
        try state.withLock { current in
            var next = current
            let result = try body(&next)
            let data = try JSONEncoder().encode(next)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            current = next
            return result
        }
    }
}
