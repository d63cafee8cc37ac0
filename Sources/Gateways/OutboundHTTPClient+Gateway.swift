public import FoundationEssentials
import Marketplace

/// The payment gateways' and webhooks' use of `OutboundHTTPClient`: JSON (or the card
/// company's `text/plain`) in, JSON expected back, one deadline for the whole call
/// (`payments.gatewayTimeout`, `webhooks.timeout`), answers over 64 KiB refused while they
/// arrive, redirects never followed (a 3xx is `.unreadable`).
///
/// Never retried here: confirm, cancel and a webhook POST are not idempotent at the HTTP
/// level; the payment service's own recovery (lookup, idempotency keys) decides a repeat.
extension OutboundHTTPClient {
    /// The gateways' answer cap.
    public static let gatewayMaxBodyBytes = 64 * 1024

    /// A client whose every call ends within `timeoutSeconds` (connect at most 5 s of it),
    /// with at most `maxConnections` connections per origin; a call waits at most
    /// `connectionWait` for one of them (not counted in the timeout).
    public static func gateway(timeoutSeconds: Double, maxConnections: Int = 64, connectionWait: Duration = .seconds(2),
                               caFile: String? = nil) throws -> OutboundHTTPClient {
        let total = Duration.milliseconds(Int64(timeoutSeconds * 1000))
        return try OutboundHTTPClient(configuration: Configuration(
            maxConnectionsPerOrigin: maxConnections, maxResponseBytes: gatewayMaxBodyBytes,
            deadlines: OutboundDeadlines(connect: min(.seconds(5), total), firstByte: total, total: total),
            connectionWait: connectionWait, caFile: caFile))
    }

    /// Sends one request; `body` is sent as `application/json` when given.
    public func send(_ method: String, _ url: String, headers: [(String, String)], json body: Data?,
                     connectTo address: String? = nil) async throws -> OutboundResponse {
        try await send(method, url, headers: headers, body: body, contentType: "application/json", connectTo: address)
    }

    /// Sends one request with a raw body of `contentType` (the card company's `text/plain`
    /// message); the answer is still expected as JSON.
    public func send(_ method: String, _ url: String, headers: [(String, String)], body: Data?, contentType: String,
                     connectTo address: String? = nil) async throws -> OutboundResponse {
        var fields = [("Accept", "application/json")]
        if body != nil { fields.append(("Content-Type", contentType)) }
        fields += headers
        let reply = try await send(method, url, headers: fields, body: body.map { Array($0) }, connectTo: address)
        guard !(300..<400).contains(reply.status) else {
            throw GatewayError.unreadable("the server answered \(reply.status), a redirect, which is not followed")
        }
        return reply
    }
}
