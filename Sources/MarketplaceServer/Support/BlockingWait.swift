import Dispatch
import Synchronization

/// Runs async work from synchronous start-up code (the `main` thread, never a cooperative
/// or event-loop thread, which must not block) and waits for its result.
enum BlockingWait {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let value = await body()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}
