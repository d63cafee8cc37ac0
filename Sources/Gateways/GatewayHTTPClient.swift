import Dispatch
public import Foundation
import FoundationNetworking
import Marketplace
import Synchronization

/// A small JSON client for payment gateways, over URLSession: one request at a time per
/// call, each with the configured deadline (`payments.gatewayTimeout`), redirects never
/// followed, and answers larger than `maxBodyBytes` refused while they arrive.
///
/// Failures are turned into `GatewayError`: no answer in time → `.timeout`; a failed
/// connection → `.transport`; a 3xx, an oversized or cut body → `.unreadable`. 4xx and 5xx
/// answers are returned to the adapter, which knows the gateway's error body. Request
/// headers (the secret keys) are never logged or put into an error's text.
public final class GatewayHTTPClient: Sendable {
    /// What came back.
    public struct Reply: Sendable {
        public let status: Int
        public let body: Data
    }

    public let timeout: Double
    public let maxBodyBytes: Int
    private let session: URLSession
    private let delegate: Delegate

    public init(timeoutSeconds: Double, maxBodyBytes: Int = 64 * 1024) {
        self.timeout = timeoutSeconds
        self.maxBodyBytes = maxBodyBytes
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let delegate = Delegate(maxBodyBytes: maxBodyBytes)
        self.delegate = delegate
        self.session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// Sends one request; `body` is encoded as JSON when given.
    public func send(_ method: String, _ url: String, headers: [(String, String)], json body: Data? = nil) async throws -> Reply {
        try await send(method, url, headers: headers, body: body, contentType: "application/json")
    }

    /// Sends one request with a raw body of `contentType` (the card company's `text/plain`
    /// message); the answer is still expected as JSON.
    public func send(_ method: String, _ url: String, headers: [(String, String)], body: Data?, contentType: String) async throws -> Reply {
        guard let target = URL(string: url), target.scheme == "http" || target.scheme == "https" else {
            throw GatewayError.transport("invalid gateway URL")
        }
        var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let reply = try await run(request)
        guard !(300..<400).contains(reply.status) else {
            throw GatewayError.unreadable("the gateway answered \(reply.status), a redirect, which is not followed")
        }
        return reply
    }

    private func run(_ request: URLRequest) async throws -> Reply {
        let task = session.dataTask(with: request)
        let outcome: Delegate.Outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                delegate.register(task.taskIdentifier, continuation)
                // The overall deadline: URLSession's own timeouts are per idle read on Linux.
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [delegate] in
                    delegate.expire(task.taskIdentifier)
                    task.cancel()
                }
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
        switch outcome {
        case .reply(let status, let body): return Reply(status: status, body: body)
        case .timedOut: throw GatewayError.timeout
        case .oversized: throw GatewayError.unreadable("the answer is larger than \(maxBodyBytes) bytes")
        case .failed(let error):
            if let error = error as? URLError {
                switch error.code {
                case .timedOut: throw GatewayError.timeout
                case .cancelled: throw CancellationError()
                case .networkConnectionLost: throw GatewayError.transport("the connection closed before a complete answer")
                default: throw GatewayError.transport("connection failed (URLError \(error.code.rawValue))")
                }
            }
            throw GatewayError.transport("connection failed")
        }
    }
}

extension GatewayHTTPClient {
    /// Per-task state for URLSession's callbacks, which arrive on the session's own queue.
    final class Delegate: NSObject, URLSessionDataDelegate, Sendable {
        enum Outcome: Sendable {
            case reply(status: Int, body: Data)
            case timedOut
            case oversized
            case failed(any Error)
        }

        private struct Exchange {
            var continuation: CheckedContinuation<Outcome, Never>
            var status = 0
            var body = Data()
            var expired = false
            var oversized = false
        }

        private let maxBodyBytes: Int
        private let exchanges = Mutex<[Int: Exchange]>([:])

        init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

        func register(_ id: Int, _ continuation: CheckedContinuation<Outcome, Never>) {
            exchanges.withLock { $0[id] = Exchange(continuation: continuation) }
        }

        /// Marks the exchange as past its deadline; the cancellation that follows completes it.
        func expire(_ id: Int) { exchanges.withLock { $0[id]?.expired = true } }

        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            completionHandler(nil)   // the 3xx itself becomes the answer, refused by `send`
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let tooLong = response.expectedContentLength > Int64(maxBodyBytes)
            exchanges.withLock {
                $0[dataTask.taskIdentifier]?.status = status
                if tooLong { $0[dataTask.taskIdentifier]?.oversized = true }
            }
            completionHandler(tooLong ? .cancel : .allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let over = exchanges.withLock { exchanges -> Bool in
                guard var exchange = exchanges[dataTask.taskIdentifier] else { return false }
                if exchange.body.count + data.count > maxBodyBytes {
                    exchange.oversized = true
                    exchange.body = Data()
                } else {
                    exchange.body.append(data)
                }
                exchanges[dataTask.taskIdentifier] = exchange
                return exchange.oversized
            }
            if over { dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            guard let exchange = exchanges.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
            let outcome: Outcome = if exchange.oversized {
                .oversized
            } else if exchange.expired {
                .timedOut
            } else if let error {
                .failed(error)
            } else {
                .reply(status: exchange.status, body: exchange.body)
            }
            exchange.continuation.resume(returning: outcome)
        }
    }
}
