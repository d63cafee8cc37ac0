import Marketplace

/// A request body: whole, or pulled from a source piece by piece as it is sent.
public enum OutboundBody: Sendable {
    case bytes([UInt8])
    /// Pieces from `next` until it returns nil, each written as it comes: with
    /// `Content-Length: length` when the length is known (the source must give exactly that
    /// many bytes, else the call fails and the connection is dropped), otherwise as
    /// `Transfer-Encoding: chunked`. `next` runs on the call's worker thread and may block.
    case stream(length: Int?, next: @Sendable () throws -> [UInt8]?)
}

/// One request's head, checked and serialized before a connection is taken, and its body.
struct OutboundRequest: Sendable {
    let head: [UInt8]
    let body: OutboundBody?

    /// The client owns `Host`, `Content-Length`, `Transfer-Encoding` and `Connection`.
    init(method: String, target: OutboundURL, headers: [(String, String)], body: OutboundBody?) throws {
        guard Self.isToken(method) else { throw GatewayError.transport("invalid method") }
        let owned: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]
        var head = "\(method) \(target.target) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
        for (name, value) in headers {
            guard Self.isToken(name), !owned.contains(name.lowercased()) else {
                throw GatewayError.transport("invalid or reserved header name \(name)")
            }
            guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw GatewayError.transport("invalid value for header \(name)")
            }
            head += "\(name): \(value)\r\n"
        }
        switch body {
        case .bytes(let bytes): head += "Content-Length: \(bytes.count)\r\n"
        case .stream(let length?, _):
            guard length >= 0 else { throw GatewayError.transport("invalid body length") }
            head += "Content-Length: \(length)\r\n"
        case .stream(nil, _): head += "Transfer-Encoding: chunked\r\n"
        case nil: if ["POST", "PUT", "PATCH"].contains(method) { head += "Content-Length: 0\r\n" }
        }
        head += "\r\n"
        self.head = Array(head.utf8)
        self.body = body
    }

    func write(to stream: any OutboundStream, until deadline: ContinuousClock.Instant) throws {
        switch body {
        case nil: try stream.write(head, until: deadline)
        case .bytes(let bytes): try stream.write(head + bytes, until: deadline)
        case .stream(let length, let next):
            try stream.write(head, until: deadline)
            var sent = 0
            while let piece = try next() {
                guard !piece.isEmpty else { continue }
                sent += piece.count
                if let length {
                    guard sent <= length else { throw GatewayError.transport("the request body is longer than its \(length) bytes") }
                    try stream.write(piece, until: deadline)
                } else {
                    try stream.write(Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [0x0D, 0x0A], until: deadline)
                }
            }
            if let length {
                guard sent == length else { throw GatewayError.transport("the request body ended after \(sent) of its \(length) bytes") }
            } else {
                try stream.write(Array("0\r\n\r\n".utf8), until: deadline)
            }
        }
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
            }
        }
    }
}
