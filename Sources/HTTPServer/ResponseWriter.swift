/// Serializes responses into bytes; stateless.
public enum ResponseWriter {
    /// Appends `response` to `out`. HEAD and 1xx/204/304 responses carry no body; every
    /// other response states its `Content-Length`, so keep-alive framing is never in doubt.
    public static func write(_ response: Response, isHead: Bool, keepAlive: Bool, version: HTTPVersion, date: [UInt8], into out: inout [UInt8]) {
        let status = response.status
        let bodyAllowed = !(status < 200 || status == 204 || status == 304)
        out.reserveCapacity(out.count + 256 + response.body.count)
        precondition(response.file == nil || response.body.isEmpty, "a response has a body or a file, not both")
        out.append(contentsOf: statusLine(status))
        out.append(contentsOf: date)
        if bodyAllowed {
            out.append(contentsOf: "Content-Length: ".utf8)
            append(response.contentLength, to: &out)
            out.append(contentsOf: crlf)
        }
        for (name, value) in response.headers.fields {
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: crlf)
        }
        if let template = response.headers.template { template.fields.write(template.first, template.second, into: &out) }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
        if bodyAllowed && !isHead { out.append(contentsOf: response.body) }
    }

    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    private static let crlf: [UInt8] = [13, 10]

    /// Appends a non-negative number's decimal digits.
    static func append(_ value: Int, to out: inout [UInt8]) {
        if value <= 0 { out.append(UInt8(ascii: "0")); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes on the stack: Int.max has 19 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            // Written from the end, then appended in one copy (not one append per digit).
            var start = buffer.count, rest = UInt(value)
            while rest > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    private static let statusLines: [Int: [UInt8]] = {
        var lines: [Int: [UInt8]] = [:]
        for (code, reason) in reasons { lines[code] = Array("HTTP/1.1 \(code) \(reason)\r\n".utf8) }
        return lines
    }()

    /// A code outside the registry gets an empty reason phrase (RFC 9112 §4 allows it; clients ignore it).
    static func statusLine(_ status: Int) -> [UInt8] {
        statusLines[status] ?? Array("HTTP/1.1 \(status) \r\n".utf8)
    }

    public static func reason(_ status: Int) -> String { reasons[status] ?? "Status \(status)" }

    /// The IANA HTTP Status Code Registry's reason phrases (RFC 9110 §15 and the RFCs it
    /// points to) for every code the server can send, 1xx through 5xx.
    public static let reasons: [Int: String] = [
        100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
        205: "Reset Content", 206: "Partial Content", 207: "Multi-Status", 208: "Already Reported", 226: "IM Used",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
        409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
        421: "Misdirected Request", 422: "Unprocessable Content", 423: "Locked", 424: "Failed Dependency", 425: "Too Early",
        426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
        451: "Unavailable For Legal Reasons",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported", 506: "Variant Also Negotiates", 507: "Insufficient Storage",
        508: "Loop Detected", 510: "Not Extended", 511: "Network Authentication Required",
    ]
}
