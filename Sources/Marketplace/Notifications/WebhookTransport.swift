/// One signed delivery attempt to a consumer's endpoint (docs/API.md §7): the port the
/// delivery worker calls, implemented by the `Gateways` library's `StandardWebhookSender`.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` to `url`, signed per Standard Webhooks with `secret` as event `eventID`
    /// at `timestamp` (Unix seconds). Never throws: every way an attempt can end is an answer.
    func deliver(_ delivery: OutgoingWebhook) async -> OutgoingWebhookResult
}

/// What one attempt sends.
public struct OutgoingWebhook: Sendable {
    public let url: String
    public let secret: String
    public let eventID: String
    public let timestamp: Int64
    public let body: [UInt8]

    public init(url: String, secret: String, eventID: String, timestamp: Int64, body: [UInt8]) {
        self.url = url
        self.secret = secret
        self.eventID = eventID
        self.timestamp = timestamp
        self.body = body
    }
}

/// How one attempt ended.
public enum OutgoingWebhookResult: Sendable, Equatable {
    /// A 2xx answer.
    case succeeded(status: Int)
    /// 410 Gone: the consumer unsubscribes; the endpoint is disabled.
    case gone
    /// Any other answer (with its status), a timeout, a refused address or a transport error.
    case failed(status: Int?, reason: String)
}
