public import Marketplace
import Auth
import FoundationEssentials

/// Delivers webhook attempts as the Standard Webhooks spec says (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature: v1,…`), after the SSRF guard: the URL is parsed,
/// its host resolved once and every address checked (`WebhookTarget`), and the connection
/// goes to the first checked address itself (`connectTo`), for `http` and `https` alike,
/// while the URL's host stays in `Host`, SNI and the certificate check: a DNS answer that
/// changes after the check cannot redirect the delivery. Redirects are never followed.
public struct StandardWebhookSender: WebhookTransport {
    let client: OutboundHTTPClient
    let allowPrivateNetworks: Bool
    let resolve: WebhookTarget.NameResolver

    /// `timeout`: seconds for a 2xx answer (`webhooks.timeout`). `resolve` is the name lookup
    /// the guard checks (getaddrinfo unless a test injects one). `caFile`: trusted CAs for
    /// `https` endpoints, nil for the system trust store.
    public init(timeout: Double, allowPrivateNetworks: Bool, caFile: String? = nil,
                resolve: @escaping WebhookTarget.NameResolver = NetworkAddressPolicy.resolve) throws {
        // Eight deliveries run at once at most (`WebhookWorker.maxInFlight`).
        self.client = try OutboundHTTPClient.gateway(timeoutSeconds: timeout, maxConnections: 8, caFile: caFile)
        self.allowPrivateNetworks = allowPrivateNetworks
        self.resolve = resolve
    }

    public func deliver(_ attempt: OutgoingWebhook) async -> OutgoingWebhookResult {
        do {
            let reply = try await send(attempt)
            switch reply.status {
            case 200..<300: return .succeeded(status: reply.status)
            case 410: return .gone
            default: return .failed(status: reply.status, reason: "the endpoint answered \(reply.status)")
            }
        } catch {
            return .failed(status: nil, reason: Self.describe(error))
        }
    }

    private func send(_ attempt: OutgoingWebhook) async throws -> OutboundResponse {
        let target = try WebhookTarget.parse(attempt.url)
        // Resolved once, every address checked, and connected to the first checked one.
        let addresses = try await target.checkedAddresses(allowPrivate: allowPrivateNetworks, resolve: resolve)
        guard let signature = WebhookSignature.sign(secret: attempt.secret, id: attempt.eventID, timestamp: attempt.timestamp,
                                                    body: attempt.body)
        else { throw Refusal(message: "the endpoint's secret is malformed") }
        let headers = [("webhook-id", attempt.eventID), ("webhook-timestamp", String(attempt.timestamp)),
                       ("webhook-signature", signature), ("User-Agent", "Marketplace-Webhooks/1.0")]
        // With private networks allowed nothing was checked: the client resolves the name.
        return try await client.send("POST", attempt.url, headers: headers, json: Data(attempt.body),
                                     connectTo: addresses.first?.description)
    }

    private struct Refusal: Error { let message: String }

    static func describe(_ error: any Error) -> String {
        switch error {
        case GatewayError.timeout: "no 2xx answer within the timeout"
        case GatewayError.transport(let text), GatewayError.unreadable(let text): text
        case MarketplaceError.unprocessable(_, let detail, _): detail
        case let refusal as Refusal: refusal.message
        default: "delivery failed"
        }
    }
}
