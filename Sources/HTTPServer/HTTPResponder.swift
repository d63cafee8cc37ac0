/// What the HTTP engine asks of the application: routing from a head alone (so that a
/// body over the route's limit is refused before it is read), then the response.
public protocol HTTPResponder: Sendable {
    /// Routes a request head.
    func plan(for head: RequestHead) -> RoutePlan
    /// The response, with every middleware applied; errors are already mapped to problems.
    func respond(to request: Request, plan: RoutePlan) async -> Response
    /// The answer to a request the engine refuses (malformed, too large, too slow).
    func refuse(_ error: HTTPParseError, head: RequestHead?) -> Response
}

/// The router's decision for one head.
public struct RoutePlan: Sendable {
    /// The largest body this route accepts.
    public var bodyLimit: Int
    /// False when the answer does not depend on the body (404, 405): the engine reads the
    /// body into nothing, then answers.
    public var readsBody: Bool
    /// What the application decided for this head (its route match); handed back to `respond`.
    public var context: any Sendable
    /// Where to spool the body as it arrives (uploads), instead of holding it in memory.
    public var spoolDirectory: String? = nil

    public init(bodyLimit: Int, readsBody: Bool, context: any Sendable, spoolDirectory: String? = nil) {
        self.bodyLimit = bodyLimit
        self.readsBody = readsBody
        self.context = context
        self.spoolDirectory = spoolDirectory
    }
}

/// Reads one body, by Content-Length or chunked, into memory or into nothing.
struct BodyReader {
    private enum Kind {
        case length(remaining: Int)
        case chunked(ChunkedDecoder)
    }

    private var kind: Kind

    init?(_ framing: BodyFraming, limit: Int) {
        switch framing {
        case .none: return nil
        case .length(let length): kind = .length(remaining: length)
        case .chunked: kind = .chunked(ChunkedDecoder(limit: limit))
        }
    }

    var isDone: Bool {
        switch kind {
        case .length(let remaining): remaining == 0
        case .chunked(let decoder): decoder.isDone
        }
    }

    /// Takes what it needs from `input`; returns the number of bytes used.
    mutating func consume(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8], discard: Bool) throws(HTTPParseError) -> Int {
        switch kind {
        case .length(let remaining):
            let take = min(remaining, input.count)
            if !discard { body.append(contentsOf: UnsafeBufferPointer(rebasing: input[0..<take])) }
            kind = .length(remaining: remaining - take)
            return take
        case .chunked(var decoder):
            kind = .length(remaining: 0)   // release the payload while it is mutated (no copy)
            defer { kind = .chunked(decoder) }
            return try decoder.decode(input, into: &body, discard: discard)
        }
    }
}
