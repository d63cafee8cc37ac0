/// Parses a request's start line and header section (RFC 9112 §2–§5) from bytes, strictly:
/// pure, never touches a socket, so tests feed it raw strings.
struct RequestParser {
    /// Size limits of a request head.
    struct Limits: Sendable {
        var requestLine = 8 * 1024
        var headerBytes = 32 * 1024
        var headerCount = 100
    }

    enum Outcome {
        case needMore
        case head(RequestHead, consumed: Int)
    }

    let limits: Limits

    init(limits: Limits = Limits()) { self.limits = limits }

    func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Outcome {
        let end = buffer.count
        var start = 0
        // RFC 9112 §2.2: empty lines before the request line (a client's CRLF after a body,
        // before the next pipelined request) are ignored. They count against the request
        // line's limit, so a stream of them cannot grow the buffer for ever. Bare LF is
        // refused here as everywhere else in the head.
        while start < end, buffer[start] == ByteClass.cr {
            guard start + 1 < end else { return .needMore }   // its LF may be in the next read
            guard buffer[start + 1] == ByteClass.lf else { throw .bad("Expected LF after a CR before the request line.") }
            start += 2
            if start > limits.requestLine { throw .bad("Too many empty lines before the request.") }
        }
        if start < end, buffer[start] == ByteClass.lf { throw .bad("Bare LF before the request line.") }

        guard let line = try requestLine(buffer, from: start) else { return .needMore }
        var cursor = line.next
        var fields: [(String, String)] = []
        while true {
            if cursor - line.next > limits.headerBytes { throw .headersTooLarge }
            guard cursor < end else { return .needMore }
            let first = buffer[cursor]
            if first == ByteClass.cr {
                guard cursor + 1 < end else { return .needMore }
                guard buffer[cursor + 1] == ByteClass.lf else { throw .bad("Expected LF after the header section's CR.") }
                cursor += 2
                break
            }
            if first == ByteClass.lf { throw .bad("Bare LF in the header section.") }
            if ByteClass.isOWS(first) { throw .bad("Obsolete line folding or whitespace before a header name.") }
            guard let field = try headerLine(buffer, from: cursor, headerStart: line.next) else { return .needMore }
            fields.append((field.name, field.value))
            if fields.count > limits.headerCount { throw .headersTooLarge }
            cursor = field.next
        }
        let head = try RequestSemantics.head(method: line.method, target: line.target, version: line.version, headers: HTTPHeaders(fields))
        return .head(head, consumed: cursor)
    }

    private struct Line { let method: Substring; let target: Substring; let version: HTTPVersion; let next: Int }

    /// `method SP request-target SP HTTP-version CRLF`, or nil when it has not all arrived.
    private func requestLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) throws(HTTPParseError) -> Line? {
        let end = buffer.count
        var i = start
        while i < end, ByteClass.isTchar(buffer[i]) { i += 1 }
        if i == end { return try pending(buffer) }
        guard i > start, buffer[i] == ByteClass.sp else { throw .bad("Malformed method in the request line.") }
        let methodEnd = i
        i += 1
        let targetStart = i
        while i < end, ByteClass.isTargetByte(buffer[i]) { i += 1 }
        if i == end { return try pending(buffer) }
        guard i > targetStart else { throw .bad("Missing request target.") }
        let targetEnd = i
        if buffer[i] == ByteClass.cr { throw .versionNotSupported }   // HTTP/0.9: no version at all
        guard buffer[i] == ByteClass.sp else { throw .bad("Invalid character in the request target.") }
        i += 1
        let versionStart = i
        while i < end, buffer[i] != ByteClass.cr, buffer[i] != ByteClass.lf, i <= limits.requestLine { i += 1 }
        if i > limits.requestLine { throw .uriTooLong }
        if i == end { return nil }
        if buffer[i] == ByteClass.lf { throw .bad("Bare LF after the request line.") }
        guard i + 1 < end else { return nil }
        guard buffer[i + 1] == ByteClass.lf else { throw .bad("Expected LF after the request line's CR.") }
        let version = try Self.version(UnsafeBufferPointer(rebasing: buffer[versionStart..<i]))
        return Line(
            method: Self.text(buffer, start, methodEnd)[...],
            target: Self.text(buffer, targetStart, targetEnd)[...],
            version: version,
            next: i + 2
        )
    }

    /// More bytes may complete the line, unless it (with the empty lines before it) is already
    /// longer than the limit.
    private func pending(_ buffer: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Line? {
        if buffer.count > limits.requestLine { throw .uriTooLong }
        return nil
    }

    /// The input holds nothing but empty lines (the last one's LF perhaps still to come): no
    /// request has begun, so a keep-alive connection is still idle rather than mid-head.
    static func onlyEmptyLines(_ bytes: [UInt8]) -> Bool {
        for (index, byte) in bytes.enumerated() where byte != (index % 2 == 0 ? ByteClass.cr : ByteClass.lf) { return false }
        return true
    }

    private struct Field { let name: String; let value: String; let next: Int }

    private func headerLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, headerStart: Int) throws(HTTPParseError) -> Field? {
        let end = buffer.count
        var i = start
        while i < end, ByteClass.isTchar(buffer[i]) { i += 1 }
        if i == end { return try more(end, headerStart) }
        guard i > start, buffer[i] == UInt8(ascii: ":") else { throw .bad("Invalid character in a header name.") }
        let nameEnd = i
        i += 1
        while i < end, ByteClass.isOWS(buffer[i]) { i += 1 }
        let valueStart = i
        while i < end, buffer[i] != ByteClass.cr {
            guard ByteClass.isFieldValueByte(buffer[i]) else { throw .bad("Invalid character in a header value.") }
            i += 1
        }
        guard i + 1 < end else { return try more(end, headerStart) }
        guard buffer[i + 1] == ByteClass.lf else { throw .bad("Expected LF after a header line's CR.") }
        var valueEnd = i
        while valueEnd > valueStart, ByteClass.isOWS(buffer[valueEnd - 1]) { valueEnd -= 1 }
        return Field(name: Self.text(buffer, start, nameEnd), value: Self.text(buffer, valueStart, valueEnd), next: i + 2)
    }

    private func more(_ end: Int, _ headerStart: Int) throws(HTTPParseError) -> Field? {
        if end - headerStart > limits.headerBytes { throw .headersTooLarge }
        return nil
    }

    private static func version(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let digit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let n = bytes.count
        // `protocol/DIGIT.DIGIT`: HTTP/1.0 and HTTP/1.1 are served; other versions and
        // protocols (HTTP/2.0 in HTTP/1 framing, RTSP/1.0, ICE/1.0) are well-formed but not ours.
        guard n >= 5, digit(bytes[n - 1]), bytes[n - 2] == UInt8(ascii: "."), digit(bytes[n - 3]), bytes[n - 4] == UInt8(ascii: "/"),
              bytes[0..<(n - 4)].allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") })
        else { throw .bad("Malformed HTTP version.") }
        guard n == 8, bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "T"), bytes[2] == UInt8(ascii: "T"),
              bytes[3] == UInt8(ascii: "P"), bytes[5] == UInt8(ascii: "1")
        else { throw .versionNotSupported }
        switch bytes[7] {
        case UInt8(ascii: "0"): return .http1_0
        case UInt8(ascii: "1"): return .http1_1
        default: throw .versionNotSupported
        }
    }

    private static func text(_ buffer: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[from..<to]), as: UTF8.self)
    }
}
