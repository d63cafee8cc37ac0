/// Why a request could not be read; each answers with a status and closes the connection,
/// because once framing is in doubt nothing after it on the connection can be trusted.
public struct HTTPParseError: Error, Sendable, Equatable {
    public let status: Int
    public let detail: String

    public static func bad(_ detail: String) -> HTTPParseError { HTTPParseError(status: 400, detail: detail) }
    static let uriTooLong = HTTPParseError(status: 414, detail: "The request line is longer than 8 KiB.")
    static let headersTooLarge = HTTPParseError(status: 431, detail: "The header section is larger than 32 KiB or has more than 100 fields.")
    static let bodyTooLarge = HTTPParseError(status: 413, detail: "The request body is larger than this route accepts.")
    static let versionNotSupported = HTTPParseError(status: 505, detail: "Only HTTP/1.0 and HTTP/1.1 are served.")
    static let methodNotImplemented = HTTPParseError(status: 501, detail: "The request method is not implemented.")
    static let codingNotImplemented = HTTPParseError(status: 501, detail: "Only the chunked transfer coding is implemented.")
    static let expectationFailed = HTTPParseError(status: 417, detail: "Only Expect: 100-continue is supported.")
    public static let headerTimeout = HTTPParseError(status: 408, detail: "The request head did not arrive in time.")
    public static let bodyTimeout = HTTPParseError(status: 408, detail: "The request body stalled.")
    public static let insufficientStorage = HTTPParseError(status: 507, detail: "The server has no room to store this body.")
    static let spoolFailed = HTTPParseError(status: 500, detail: "The body could not be stored.")
}
