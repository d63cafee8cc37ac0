import Synchronization

/// The server's long-lived parts in one ordered list (swift-service-lifecycle's idea without
/// the package): each is registered by `Application.build` as soon as it exists, started in
/// that order by `start()`, and stopped in the reverse order by `stop()` — the listener
/// first, so no request arrives while the workers, notifiers and storage it needs go away.
/// When `build` fails halfway, `abandon()` stops what was already registered.
final class Lifecycle: Sendable {
    struct Service: Sendable {
        let name: String
        let start: @Sendable () -> Void
        let stop: @Sendable () async -> Void
    }

    private let services = Mutex<[Service]>([])

    /// Adds a part; `start` is empty for parts that run from the moment they exist
    /// (storage, the hasher's threads, notifiers' listening connections).
    func register(_ name: String, start: @escaping @Sendable () -> Void = {}, stop: @escaping @Sendable () async -> Void) {
        services.withLock { $0.append(Service(name: name, start: start, stop: stop)) }
    }

    /// The names, in start order (for logs and tests).
    var names: [String] { services.withLock { $0.map(\.name) } }

    func start() {
        for service in services.withLock({ $0 }) { service.start() }
    }

    /// Stops every part, last registered first; each at most once.
    func stop() async {
        let stopping = services.withLock { services in
            defer { services = [] }
            return services
        }
        for service in stopping.reversed() { await service.stop() }
    }

    /// `build` threw after some parts existed: they are stopped in the background (`build`
    /// is synchronous and must not wait here), so a failed start leaks no threads or files.
    func abandon() {
        Task { await stop() }
    }
}
