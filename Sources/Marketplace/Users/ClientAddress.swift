/// Where a request came from, as the HTTP layer decided it (API.md §12: the socket peer, or
/// the forwarded hop behind a trusted proxy), in numeric form: `127.0.0.1`, `2001:db8::1`.
/// Limits per client address key on it; the domain never parses it.
public struct ClientAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address text, at most `maximumLength` bytes (longer input is cut, so a forwarded
    /// header cannot make a limit's key arbitrarily large).
    public let value: String

    /// Wraps an address as the HTTP layer reports it; empty when it is unknown.
    public init(_ text: String) {
        value = text.utf8.count <= Self.maximumLength ? text : String(decoding: text.utf8.prefix(Self.maximumLength), as: UTF8.self)
    }

    /// An address nobody reported (a request made in-process, a row from before addresses were kept).
    public static let unknown = ClientAddress("")

    /// The longest numeric IPv6 text with a zone is well under this.
    public static let maximumLength = 64

    /// The address as text.
    public var description: String { value }
}
