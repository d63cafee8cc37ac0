/// What another service answered: a final status (1xx interim answers are skipped; 3xx are
/// returned as they are, never followed), the header fields in order, the whole body.
public struct OutboundResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The first value of the field `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// A response's status and header fields, its body handed to a sink (`OutboundHTTPClient.stream`).
public struct OutboundResponseHead: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]

    /// The first value of the field `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// How long one call may take: to connect (TCP and the TLS handshake), from the request
/// written to the first byte of the answer, and the whole call. Each phase also ends at the
/// whole call's deadline. Time spent waiting for a pooled connection is not counted.
public struct OutboundDeadlines: Sendable {
    public var connect: Duration
    public var firstByte: Duration
    public var total: Duration

    public init(connect: Duration = .seconds(5), firstByte: Duration = .seconds(10), total: Duration = .seconds(30)) {
        self.connect = connect
        self.firstByte = firstByte
        self.total = total
    }
}
