/// Where a request came from, as the HTTP layer decided it (docs/API.md §12: the socket peer, or
/// the forwarded hop behind a trusted proxy), in numeric form: `127.0.0.1`, `2001:db8::1`.
/// Limits per client address key on it; the domain never parses it.
public struct ClientAddress: Sendable, Hashable {
    /// The address text, at most `maximumLength` Unicode scalars (longer input is cut, so a
    /// forwarded header cannot make a limit's key arbitrarily large); empty when nobody reported one.
    public let value: String

    /// Wraps an address as the HTTP layer reports it.
    public init(_ text: String) {
        value = String(String.UnicodeScalarView(text.unicodeScalars.prefix(Self.maximumLength)))
    }

    /// Numeric IPv6 text with a zone fits well within it (the column's CHECK says the same).
    public static let maximumLength = 64
}
