/// What a parsed head means for framing and connection handling (RFC 9112 §3.2, §6, §9).
enum RequestSemantics {
    static func head(method: Substring, target: Substring, version: HTTPVersion, headers: HTTPHeaders) throws(HTTPParseError) -> RequestHead {
        if version == .http1_1 {
            // RFC 9112 §3.2: exactly one Host in an HTTP/1.1 request.
            let hosts = headers.values("Host").count
            if hosts != 1 { throw .bad(hosts == 0 ? "Missing Host header." : "More than one Host header.") }
        }
        guard let httpMethod = HTTPMethod(rawValue: String(method)) else { throw .methodNotImplemented }
        let (path, query) = try split(target: target, method: httpMethod)
        var framing = try framing(headers)

        var close = version == .http1_0
        for value in headers.values("Connection") {
            for token in value.split(separator: ",") {
                let option = token.trimmingOWS()
                if option.equalsIgnoringASCIICase("close") { close = true }
                if option.equalsIgnoringASCIICase("keep-alive"), version == .http1_0 { close = false }
            }
        }
        // RFC 9112 §6.1: after a Transfer-Encoding request in HTTP/1.0 the server must close.
        if version == .http1_0 && framing == .chunked { close = true }
        if httpMethod == .connect {
            // RFC 9110 §9.3.6: CONNECT has no content; what follows its head is tunnel data,
            // which this server (no proxy) never reads as a request: answer, then close.
            framing = .none
            close = true
        }
        var expectsContinue = false
        if let expect = headers["Expect"] {
            guard expect.equalsIgnoringASCIICase("100-continue") else { throw .expectationFailed }
            expectsContinue = version == .http1_1
        }
        return RequestHead(method: httpMethod, path: path, query: query, version: version, headers: headers,
                           framing: framing, wantsClose: close, expectsContinue: expectsContinue)
    }

    /// RFC 9112 §6.3: Transfer-Encoding and Content-Length together, a repeated or
    /// malformed Content-Length, or `chunked` anywhere but last are framing errors.
    static func framing(_ headers: HTTPHeaders) throws(HTTPParseError) -> BodyFraming {
        let lengths = headers.values("Content-Length")
        let encodings = headers.values("Transfer-Encoding")
        if !encodings.isEmpty {
            if !lengths.isEmpty { throw .bad("Both Transfer-Encoding and Content-Length are present.") }
            let codings = encodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingOWS() }.filter { !$0.isEmpty }
            guard let last = codings.last, last.equalsIgnoringASCIICase("chunked") else {
                throw .bad("The final transfer coding is not chunked.")
            }
            if codings.dropLast().contains(where: { $0.equalsIgnoringASCIICase("chunked") }) {
                throw .bad("chunked is applied more than once.")
            }
            if codings.count > 1 { throw .codingNotImplemented }
            return .chunked
        }
        guard let text = lengths.first else { return .none }
        if lengths.count > 1 { throw .bad("More than one Content-Length header.") }
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let length = Int(text)
        else { throw .bad("Malformed Content-Length.") }
        return length == 0 ? .none : .length(length)
    }

    /// Splits origin-form or absolute-form targets into path and query, dropping any fragment.
    static func split(target: Substring, method: HTTPMethod) throws(HTTPParseError) -> (String, String?) {
        var rest = target
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if rest == "*" {
            guard method == .options else { throw .bad("The asterisk target is only for OPTIONS.") }
            return ("*", nil)
        }
        if method == .connect, !rest.hasPrefix("/") {
            // authority-form (RFC 9112 §3.2.3), CONNECT's own: `host:port`, no path or query.
            guard isAuthority(rest) else { throw .bad("CONNECT's target is not host:port.") }
            return (String(rest), nil)
        }
        if !rest.hasPrefix("/") {
            // absolute-form (RFC 9112 §3.2.2): scheme "://" authority [path-abempty] [? query]
            guard let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://"),
                  ["http", "https"].contains(rest[..<colon].lowercased())
            else { throw .bad("The request target is neither a path nor an absolute URI.") }
            let afterAuthority = rest[rest.index(colon, offsetBy: 3)...]
            let pathStart = afterAuthority.firstIndex { $0 == "/" || $0 == "?" } ?? afterAuthority.endIndex
            rest = afterAuthority[pathStart...]
            if !rest.hasPrefix("/") { rest = ("/" + rest)[...] }
        }
        guard let mark = rest.firstIndex(of: "?") else { return (String(rest), nil) }
        return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
    }
}

extension RequestSemantics {
    /// `uri-host ":" port` (RFC 3986 §3.2): a bracketed IP literal or reg-name / IPv4
    /// characters, and 1–5 digits.
    static func isAuthority(_ text: Substring) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let host = text[..<colon].utf8, port = text[text.index(after: colon)...].utf8
        let digit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard (1...5).contains(port.count), port.allSatisfy(digit), !host.isEmpty else { return false }
        if host.first == UInt8(ascii: "[") {
            return host.count > 2 && host.last == UInt8(ascii: "]")
                && host.dropFirst().dropLast().allSatisfy { PercentDecoding.hexValue($0) != nil || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        return host.allSatisfy { byte in
            digit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || "-._~%!$&'()*+,;=".utf8.contains(byte)
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    public func trimmingOWS() -> Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return Substring(slice)
    }

    public func equalsIgnoringASCIICase(_ other: String) -> Bool { String(self).equalsIgnoringASCIICase(other) }
}
