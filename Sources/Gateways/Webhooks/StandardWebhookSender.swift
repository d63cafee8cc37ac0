public import Marketplace
import Auth
import Foundation

/// Delivers webhook attempts as the Standard Webhooks spec says (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature: v1,…`), after the SSRF guard: the URL is parsed,
/// its host resolved once and every address checked (`WebhookTarget`), and for `http` the
/// connection goes to the checked address itself. Redirects are never followed.
public struct StandardWebhookSender: WebhookTransport {
    let client: GatewayHTTPClient
    let allowPrivateNetworks: Bool

    /// `timeout`: seconds for a 2xx answer (`webhooks.timeout`).
    public init(timeout: Double, allowPrivateNetworks: Bool) {
        self.client = GatewayHTTPClient(timeoutSeconds: timeout)
        self.allowPrivateNetworks = allowPrivateNetworks
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

    private func send(_ attempt: OutgoingWebhook) async throws -> GatewayHTTPClient.Reply {
        let target = try WebhookTarget.parse(attempt.url)
        // Resolved once, every address checked, and (http) connected to the checked one.
        let addresses = try await target.checkedAddresses(allowPrivate: allowPrivateNetworks)
        guard let signature = WebhookSignature.sign(secret: attempt.secret, id: attempt.eventID, timestamp: attempt.timestamp,
                                                    body: attempt.body)
        else { throw Refusal(message: "the endpoint's secret is malformed") }
        var headers = [("webhook-id", attempt.eventID), ("webhook-timestamp", String(attempt.timestamp)),
                       ("webhook-signature", signature), ("User-Agent", "Marketplace-Webhooks/1.0")]
        var url = attempt.url
        if let first = addresses.first, target.scheme == "http" {
            url = target.pinned(to: first).absoluteString
            headers.append(("Host", target.hostHeader))
        }
        return try await client.send("POST", url, headers: headers, json: Data(attempt.body))
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
