import Foundation

/// Runs `body(0..<count)` on `count` threads of their own (not dispatch or cooperative-pool
/// workers, which blocking socket calls would starve) and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for index in 0..<count {
        let thread = Thread {
            body(index)
            done.signal()
        }
        thread.start()
    }
    for _ in 0..<count { done.wait() }
}
