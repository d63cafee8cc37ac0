/// Where an adapter finds its gateway and how it builds the URLs it hands to customers.
/// Both are read on every call: with the sandbox, they name this server's own address,
/// known only once the socket is bound (after the adapters exist).
public struct GatewayAccess: Sendable {
    /// The gateway's API base, without a trailing slash (`https://api.tosspayments.com`,
    /// or `http://127.0.0.1:PORT/sandbox/toss`).
    public let baseURL: @Sendable () -> String
    /// The base of URLs the customer's browser follows (`server.publicBaseUrl` or the bound address).
    public let publicBaseURL: @Sendable () -> String
    /// Whether `baseURL` is this server's sandbox (Toss: then the sandbox also hosts the checkout page).
    public let sandbox: Bool
    public let client: OutboundHTTPClient

    public init(baseURL: @escaping @Sendable () -> String, publicBaseURL: @escaping @Sendable () -> String, sandbox: Bool,
                client: OutboundHTTPClient) {
        self.baseURL = baseURL
        self.publicBaseURL = publicBaseURL
        self.sandbox = sandbox
        self.client = client
    }
}
