import Glibc
import HTTPServer

/// SIGTERM and SIGINT, taken synchronously by a thread of their own (`sigwait`).
///
/// `blockTermination()` must run first thing in `main`, before any thread exists, so every
/// thread inherits the blocked mask: a signal that arrives at any moment after that —
/// even before the handler is installed — waits for the `sigwait` thread instead of
/// killing the process with the default action.
enum Signals {
    static func blockTermination() {
        var set = terminationSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Runs `handler` once, on the first SIGTERM or SIGINT.
    static func onTermination(_ handler: @escaping @Sendable () -> Void) {
        PThread.spawn(name: "signals") {
            var set = terminationSet()
            var number: Int32 = 0
            while sigwait(&set, &number) != 0 {}
            handler()
        }
    }

    private static func terminationSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
