/// The methods the engine knows: RFC 9110 §9's eight and PATCH (RFC 5789). A known method
/// that a path does not serve is 405 with `Allow` (TRACE and CONNECT everywhere, as no route
/// serves them); any other well-formed method token gets 501.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case get = "GET", head = "HEAD", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", options = "OPTIONS"
    case trace = "TRACE", connect = "CONNECT"
    /// The safe method with a body (draft-ietf-httpbis-safe-method-w-body): no route takes it,
    /// but it is a method, so a path that exists answers 405 with `Allow`, not 501.
    case query = "QUERY"
}

/// HTTP/1.0 or HTTP/1.1; anything else is refused with 505 before it gets here.
public enum HTTPVersion: Sendable, Equatable {
    case http1_0, http1_1

    public var text: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// A request's start line and header section, before its body is read.
public struct RequestHead: Sendable {
    public var method: HTTPMethod
    /// The path as sent (percent-encoded), starting with `/`; `*` for `OPTIONS *`, and
    /// `host:port` for CONNECT's authority-form (RFC 9112 §3.2.3).
    public var path: String
    /// The raw query after `?`, without the fragment; nil when there is none.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// How the body is framed (RFC 9112 §6.3).
    var framing: BodyFraming
    /// Whether the client asked to close after this exchange, or speaks HTTP/1.0 without keep-alive.
    var wantsClose: Bool
    /// `Expect: 100-continue` was sent (HTTP/1.1 only).
    var expectsContinue: Bool
}

/// How a request body is delimited.
enum BodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
}

/// A complete request as handlers see it.
public struct Request: Sendable {
    public var head: RequestHead
    public var body: [UInt8]
    /// The socket peer's address, numeric (`127.0.0.2`, `::1`); empty when not from a socket.
    public var peerAddress: String = ""
    /// `peerAddress` as bits, read once when the connection was accepted; nil when not from a socket.
    public var peer: PeerAddress?
    /// Who the client is for limits and logs (docs/API.md §12): the peer, or — when the peer is
    /// one of `server.trustedProxies` — the `X-Forwarded-For` hop the responder settles on.
    /// Set by the responder before any middleware or handler runs; the peer until then.
    public var clientAddress: String = ""
    /// Values of the route pattern's `{name}` segments, percent-decoded.
    public var parameters: [String: String] = [:]
    /// The route pattern that matched (`/api/v1/products/{id}`), for logs and metrics.
    public var route: String = ""
    /// This request's id (`X-Request-Id`).
    public var requestID: String = ""
    /// The body, when the route spools it to a file instead of memory (`body` is then empty).
    /// The engine removes the file after the response unless the handler moved it away.
    public var spooled: SpooledBody?

    public var method: HTTPMethod { head.method }
    public var path: String { head.path }
    public var headers: HTTPHeaders { head.headers }

    /// The first value of a query parameter, percent-decoded (`+` is a space).
    public func query(_ name: String) -> String? {
        guard let query = head.query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if let key = PercentDecoding.decode(parts[0], plusIsSpace: true), key == name {
                return parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
            }
        }
        return nil
    }
}

/// A request body written to a temporary file as it arrived.
public struct SpooledBody: Sendable {
    public let path: String
    public let size: Int
}

/// A response; `body` (or `file`, when set) is sent with a `Content-Length`.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// A file part to send instead of `body`, without copying it through memory (sendfile).
    public var file: FileRegion?

    var contentLength: Int { file?.length ?? body.count }

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]), body: Array(text.utf8))
    }

    /// An `application/json` response from already encoded bytes.
    public static func json(_ bytes: [UInt8], status: Int = 200) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: bytes)
    }
}

public enum PercentDecoding {
    /// Decodes `%XX` escapes; nil when an escape is malformed or the result is not UTF-8.
    public static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        if !utf8.contains(UInt8(ascii: "%")) && !(plusIsSpace && utf8.contains(UInt8(ascii: "+"))) { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// An open file's byte range, sent as a response body; closes the file when released.
public final class FileRegion: Sendable {
    public let fd: Int32
    public let offset: Int
    public let length: Int

    public init(fd: Int32, offset: Int, length: Int) {
        self.fd = fd
        self.offset = offset
        self.length = length
    }

    deinit { Sys.close(fd) }
}
