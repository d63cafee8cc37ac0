import Dispatch
import Glibc
import Synchronization

/// SIGTERM and SIGINT, delivered to a handler on a queue of their own rather than in
/// signal context. The handler runs once, however many signals arrive.
enum Signals {
    // Kept alive for the life of the process; written once by main before serving.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func onTermination(_ handler: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "signals")
        let fired = Atomic<Bool>(false)
        let made = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if !fired.exchange(true, ordering: .acquiringAndReleasing) { handler() }
            }
            source.resume()
            return source
        }
        sources.append(contentsOf: made)
    }
}
