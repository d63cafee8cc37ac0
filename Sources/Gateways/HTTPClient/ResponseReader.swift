import Marketplace

/// Reads one HTTP/1.1 response from a stream, strictly: a `HTTP/1.x NNN` status line, header
/// lines ending in CRLF with token names and no folding, at most one `Content-Length`, never
/// `Content-Length` with `Transfer-Encoding`, only `chunked` as a transfer coding, hex chunk
/// sizes without signs or blanks. Anything else is `GatewayError.unreadable`, and the
/// connection is dropped. A body over `maxBodyBytes` is refused as soon as that is known
/// (from `Content-Length`, a chunk size, or bytes arriving).
struct ResponseReader {
    static let maxLineBytes = 8 * 1024
    static let maxHeaderBytes = 32 * 1024
    static let maxHeaderFields = 100

    let stream: any OutboundStream
    let maxBodyBytes: Int
    /// Bytes read but not yet used.
    private var buffer: [UInt8] = []
    private var start = 0
    /// Until the first byte arrives, reads end at the first-byte deadline; then at `total`.
    private var firstByte: ContinuousClock.Instant
    private let total: ContinuousClock.Instant
    private var receivedAny = false

    init(stream: any OutboundStream, maxBodyBytes: Int, firstByte: ContinuousClock.Instant, total: ContinuousClock.Instant) {
        self.stream = stream
        self.maxBodyBytes = maxBodyBytes
        self.firstByte = min(firstByte, total)
        self.total = total
    }

    /// The response, its body whole, and whether its connection may carry another request.
    mutating func read(method: String) throws -> (OutboundResponse, reusable: Bool) {
        var body: [UInt8] = []
        let (head, reusable) = try read(method: method) { body += $0 }
        return (OutboundResponse(status: head.status, headers: head.headers, body: body), reusable)
    }

    /// The response's head, its body handed to `sink` in pieces as they arrive (never more
    /// than `maxBodyBytes` in all), and whether the connection may carry another request.
    mutating func read(method: String, into sink: ([UInt8]) throws -> Void) throws -> (OutboundResponseHead, reusable: Bool) {
        var (status, version) = try statusLine()
        var headers = try headerFields()
        while (100...199).contains(status) && status != 101 {
            (status, version) = try statusLine()
            headers = try headerFields()
        }
        let framing = try Framing(headers)
        let connectionClose = headers.contains {
            $0.name.lowercased() == "connection" && $0.value.lowercased().split(separator: ",").contains { $0.trimmingWhitespace == "close" }
        }
        var reusable = version == "HTTP/1.1" && !connectionClose && status != 101
        if !(method == "HEAD" || status == 204 || status == 304 || status == 101) {
            switch framing {
            case .chunked: try chunkedBody(sink)
            case .length(let length):
                guard length <= maxBodyBytes else {
                    throw GatewayError.unreadable("response body of \(length) bytes is over the cap: larger than \(maxBodyBytes) bytes")
                }
                try pieces(length, sink)
            case .untilClose:
                try bodyUntilClose(sink)
                reusable = false
            }
        }
        if start != buffer.count { reusable = false } // bytes past the response: not ours to guess about
        return (OutboundResponseHead(status: status, headers: headers), reusable)
    }

    private enum Framing {
        case length(Int), chunked, untilClose

        init(_ headers: [(name: String, value: String)]) throws {
            let lengths = headers.filter { $0.name.lowercased() == "content-length" }
            let codings = headers.filter { $0.name.lowercased() == "transfer-encoding" }
            if !codings.isEmpty {
                guard lengths.isEmpty else { throw GatewayError.unreadable("response has both Content-Length and Transfer-Encoding") }
                guard codings.count == 1, codings[0].value.lowercased() == "chunked" else {
                    throw GatewayError.unreadable("unsupported Transfer-Encoding")
                }
                self = .chunked
            } else if lengths.count > 1 {
                throw GatewayError.unreadable("response has more than one Content-Length")
            } else if let field = lengths.first {
                guard !field.value.isEmpty, field.value.count <= 18, field.value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                      let length = Int(field.value) else {
                    throw GatewayError.unreadable("invalid Content-Length")
                }
                self = .length(length)
            } else {
                self = .untilClose
            }
        }
    }

    private mutating func statusLine() throws -> (Int, String) {
        let line = try self.line()
        let bytes = Array(line.utf8)
        guard bytes.count >= 12, line.hasPrefix("HTTP/1.1 ") || line.hasPrefix("HTTP/1.0 "),
              bytes[9...11].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes.count == 12 || bytes[12] == 0x20,
              let status = Int(String(decoding: bytes[9...11], as: UTF8.self)), status >= 100 else {
            throw GatewayError.unreadable("invalid status line")
        }
        return (status, String(line.prefix(8)))
    }

    private mutating func headerFields() throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        var size = 0
        while true {
            let line = try self.line()
            if line.isEmpty { return fields }
            size += line.utf8.count + 2
            guard size <= Self.maxHeaderBytes, fields.count < Self.maxHeaderFields else {
                throw GatewayError.unreadable("response headers too large")
            }
            guard let colon = line.firstIndex(of: ":") else { throw GatewayError.unreadable("invalid header line") }
            let name = line[..<colon]
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw GatewayError.unreadable("invalid header name") // also catches obs-fold and "Name :"
            }
            let value = line[line.index(after: colon)...].trimmingWhitespace
            guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw GatewayError.unreadable("invalid header value")
            }
            fields.append((String(name), value))
        }
    }

    private mutating func chunkedBody(_ sink: ([UInt8]) throws -> Void) throws {
        var total = 0
        while true {
            let line = try self.line()
            let sizeText = line.prefix { $0 != ";" }
            guard !sizeText.isEmpty, sizeText.count <= 15, sizeText.allSatisfy({ $0.isHexDigit }),
                  let size = Int(sizeText, radix: 16) else {
                throw GatewayError.unreadable("invalid chunk size")
            }
            if size == 0 {
                _ = try headerFields() // trailers, read and dropped
                return
            }
            total += size
            guard total <= maxBodyBytes else {
                throw GatewayError.unreadable("response body is over the cap: larger than \(maxBodyBytes) bytes")
            }
            try pieces(size, sink)
            guard try bytes(2) == [0x0D, 0x0A] else { throw GatewayError.unreadable("chunk not followed by CRLF") }
        }
    }

    private mutating func bodyUntilClose(_ sink: ([UInt8]) throws -> Void) throws {
        var received = buffer.count - start
        guard received <= maxBodyBytes else { throw GatewayError.unreadable("response body is over the cap: larger than \(maxBodyBytes) bytes") }
        if received > 0 { try sink(Array(buffer[start...])) }
        start = buffer.count
        while true {
            let more = try stream.read(maxCount: 16 * 1024, until: total)
            if more.isEmpty { return }
            received += more.count
            guard received <= maxBodyBytes else { throw GatewayError.unreadable("response body is over the cap: larger than \(maxBodyBytes) bytes") }
            try sink(more)
        }
    }

    /// `count` bytes handed on in the pieces they arrive in (what is buffered first).
    private mutating func pieces(_ count: Int, _ sink: ([UInt8]) throws -> Void) throws {
        var left = count
        while left > 0 {
            if start == buffer.count { try fill() }
            let take = min(left, buffer.count - start)
            try sink(Array(buffer[start..<(start + take)]))
            start += take
            left -= take
        }
    }

    /// One line without its CRLF; a bare LF or CR is refused.
    private mutating func line() throws -> String {
        while true {
            if let lf = buffer[start...].firstIndex(of: 0x0A) {
                guard lf > start, buffer[lf - 1] == 0x0D else { throw GatewayError.unreadable("line not ended by CRLF") }
                let content = buffer[start..<(lf - 1)]
                guard !content.contains(0x0D), !content.contains(0) else { throw GatewayError.unreadable("stray CR or NUL in a line") }
                start = lf + 1
                return String(decoding: content, as: UTF8.self)
            }
            guard buffer.count - start <= Self.maxLineBytes else { throw GatewayError.unreadable("response line too long") }
            try fill()
        }
    }

    private mutating func bytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let result = Array(buffer[start..<(start + count)])
        start += count
        return result
    }

    private mutating func fill() throws {
        if start > 64 * 1024 { buffer.removeFirst(start); start = 0 }
        let more = try stream.read(maxCount: 16 * 1024, until: receivedAny ? total : firstByte)
        guard !more.isEmpty else {
            // Either way the exchange broke off in transit: no complete answer to judge.
            throw receivedAny ? GatewayError.transport("the connection closed before the response ended")
                : GatewayError.transport("the connection closed before any response")
        }
        receivedAny = true
        buffer += more
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
