import Dispatch
public import FoundationEssentials
public import Marketplace

/// A webhook URL checked for registration and for each delivery (docs/API.md §7, issue #8):
/// `http`/`https` only, at most 2048 characters, a host, no userinfo; and, with
/// `webhooks.allowPrivateNetworks` off, every address the host is or resolves to public
/// (`NetworkAddressPolicy`). Refusals are 422 `WEBHOOK_URL_NOT_ALLOWED`.
public struct WebhookTarget: Sendable {
    /// A name lookup: every address `host` (for `port`) resolves to.
    public typealias NameResolver = @Sendable (_ host: String, _ port: Int) -> [NetworkAddressPolicy.Address]

    public let url: URL
    public let scheme: String
    public let host: String
    public let port: Int

    public static let maxLength = 2048
    public static let code = "WEBHOOK_URL_NOT_ALLOWED"

    /// The URL's parts, or a 422 naming what is wrong.
    public static func parse(_ text: String) throws -> WebhookTarget {
        guard text.utf8.count <= maxLength else { throw refused("must be at most \(maxLength) characters") }
        guard let components = URLComponents(string: text), let url = components.url,
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw refused("must be an absolute http or https URL")
        }
        guard components.user == nil, components.password == nil, !text.contains("@") else {
            throw refused("must not carry userinfo (user:password@)")
        }
        guard let host = components.host, !host.isEmpty else { throw refused("must name a host") }
        return WebhookTarget(url: url, scheme: scheme, host: host, port: components.port ?? (scheme == "https" ? 443 : 80))
    }

    /// Resolves the host once (off the caller's thread) and checks every address; returns them
    /// (none when private networks are allowed: nothing to check, the name is used). Throws 422 when any is private, or when the host does not resolve.
    /// `resolve` is the name lookup (getaddrinfo by default; tests inject one whose answer changes).
    public func checkedAddresses(allowPrivate: Bool, resolve: @escaping NameResolver = NetworkAddressPolicy.resolve)
        async throws -> [NetworkAddressPolicy.Address] {
        if allowPrivate { return [] }
        let host = self.host, port = self.port
        let addresses = await withCheckedContinuation { (continuation: CheckedContinuation<[NetworkAddressPolicy.Address], Never>) in
            DispatchQueue.global().async { continuation.resume(returning: resolve(host, port)) }
        }
        guard !addresses.isEmpty else { throw Self.refused("host \(host) does not resolve") }
        if let refused = addresses.first(where: { !NetworkAddressPolicy.isPublic($0) }) {
            throw Self.refused("host \(host) is or resolves to \(refused), a private, loopback or reserved address")
        }
        return addresses
    }

    /// The URL with the host replaced by the checked address (for `http`; an `https` URL is
    /// returned as it is). The sender no longer needs it: it connects to the checked address
    /// with `OutboundHTTPClient`'s `connectTo`, for both schemes, keeping the URL's host for
    /// `Host`, SNI and the certificate check.
    public func pinned(to address: NetworkAddressPolicy.Address) -> URL {
        guard scheme == "http", var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        components.host = address.bytes.count == 16 ? "[\(address)]" : "\(address)"
        components.port = port
        return components.url ?? url
    }

    /// The `Host` header for `port` (omitted when default).
    public var hostHeader: String {
        let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return (scheme == "http" && port == 80) || (scheme == "https" && port == 443) ? name : "\(name):\(port)"
    }

    public static func refused(_ message: String) -> MarketplaceError {
        MarketplaceError.unprocessable(code: code, detail: "This webhook URL is not allowed: \(message).",
                                       issues: [FieldIssue(field: "url", message: message)])
    }

    /// The registration check `WebhookService` runs.
    public static func checker(allowPrivate: Bool) -> @Sendable (String) async throws -> Void {
        { text in _ = try await parse(text).checkedAddresses(allowPrivate: allowPrivate) }
    }
}
