import Dispatch
import Glibc
import Marketplace
import Synchronization

/// Our own HTTP/1.1 client for calls to other services, over TLS from libssl (`TLSContext`)
/// or plain TCP: a pool per origin with a cap and keep-alive reuse, `Content-Length`, chunked
/// and close-delimited answers, a response size cap, strict parsing (`ResponseReader`), the
/// connect / first-byte / whole-call deadlines of `OutboundDeadlines`. Redirects are never
/// followed: a 3xx is returned as it came.
///
/// `connectTo` dials exactly that already-checked IP address while the URL's host is still
/// what goes into `Host`, SNI and the certificate check; without it the host must be an IP
/// literal or is resolved once per new connection.
///
/// The sockets are non-blocking but each call waits for them in `poll()` on a thread of
/// `CallThreads` (not on the server's epoll loops, not on libdispatch's workers); at most
/// `maxConnectionsPerOrigin` calls, so threads, per origin.
/// Failures: out of time → `.timeout`; no connection, TLS refused → `.transport`; a response
/// that breaks the rules or the cap → `.unreadable`. Header values are never put in errors.
public final class OutboundHTTPClient: Sendable {
    public struct Configuration: Sendable {
        public var maxConnectionsPerOrigin: Int
        public var maxResponseBytes: Int
        public var deadlines: OutboundDeadlines
        /// How long a call may wait for a pooled connection when the origin's cap is reached;
        /// then it fails with `.transport` having sent nothing. Not part of `deadlines`.
        public var connectionWait: Duration
        /// How long an idle pooled connection is kept for reuse: by default shorter than common
        /// servers' keep-alive timeouts (Node and Apache 5 s, nginx 75 s), so a request is
        /// rarely written into a connection the server is closing at that moment.
        public var idleTimeout: Duration
        /// PEM file of trusted CAs; nil means the system trust store.
        public var caFile: String?

        public init(maxConnectionsPerOrigin: Int = 8, maxResponseBytes: Int = 1024 * 1024,
                    deadlines: OutboundDeadlines = OutboundDeadlines(), connectionWait: Duration = .seconds(30),
                    idleTimeout: Duration = .seconds(4), caFile: String? = nil) {
            self.maxConnectionsPerOrigin = maxConnectionsPerOrigin
            self.maxResponseBytes = maxResponseBytes
            self.deadlines = deadlines
            self.connectionWait = connectionWait
            self.idleTimeout = idleTimeout
            self.caFile = caFile
        }
    }

    public let configuration: Configuration
    /// libssl's context, made on the first `https` connection: loading the trust store costs
    /// about a MiB of RSS per client, which a server talking only plain HTTP (the sandboxes)
    /// never needs. A CA file that does not load fails that first call (`.transport`).
    private let tls: Mutex<Result<TLSContext, GatewayError>?> = Mutex(nil)
    private let pool: ConnectionPool

    public init(configuration: Configuration = Configuration()) throws {
        precondition(configuration.maxConnectionsPerOrigin > 0 && configuration.maxResponseBytes >= 0)
        self.configuration = configuration
        self.pool = ConnectionPool(maxPerOrigin: configuration.maxConnectionsPerOrigin, idleTimeout: configuration.idleTimeout)
    }

    deinit { pool.closeIdle() }

    /// Sends one request and reads the whole answer. The client owns `Host`,
    /// `Content-Length`, `Transfer-Encoding` and `Connection`; passing them is an error.
    public func send(
        _ method: String, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        connectTo address: String? = nil, deadlines: OutboundDeadlines? = nil
    ) async throws -> OutboundResponse {
        let collected = Collected()
        let head = try await stream(method, url, headers: headers, body: body.map { .bytes($0) }, connectTo: address,
                                    deadlines: deadlines) { collected.bytes += $0 }
        return OutboundResponse(status: head.status, headers: head.headers, body: collected.bytes)
    }

    /// Sends one request (its body whole, or streamed from a source: `OutboundBody`) and hands
    /// the answer's body to `sink` in pieces as they arrive, at most `maxBodyBytes` in all
    /// (default: the configured cap), so a large answer is never held whole. `sink` runs on
    /// the call's worker thread, one piece at a time, before this returns; an error it throws
    /// ends the call (and drops the connection). Returns the status and header fields.
    public func stream(
        _ method: String, _ url: String, headers: [(String, String)] = [], body: OutboundBody? = nil,
        connectTo address: String? = nil, deadlines: OutboundDeadlines? = nil, maxBodyBytes: Int? = nil,
        into sink: @escaping @Sendable ([UInt8]) throws -> Void
    ) async throws -> OutboundResponseHead {
        let target = try OutboundURL(url)
        let request = try OutboundRequest(method: method, target: target, headers: headers, body: body)
        let deadlines = deadlines ?? configuration.deadlines
        let key = OriginKey(isTLS: target.isTLS, host: target.host, port: target.port, address: address ?? target.host)
        guard let lease = await pool.acquire(key, wait: configuration.connectionWait) else {
            throw GatewayError.transport("no free connection to \(target.hostHeader) within the connection wait; nothing was sent")
        }
        // The clock starts once the call holds a connection slot.
        let started = ContinuousClock.now
        let tls = target.isTLS ? try tlsContext() : nil
        let maxBytes = maxBodyBytes ?? configuration.maxResponseBytes
        return try await withCheckedThrowingContinuation { continuation in
            CallThreads.shared.run { [pool] in
                var connection: PooledConnection?
                var reusable = false
                let result = Result { () throws -> OutboundResponseHead in
                    let total = started + deadlines.total
                    switch lease {
                    case .reuse(let pooled): connection = pooled
                    case .open:
                        connection = try Self.open(target, address: address, tls: tls, until: min(started + deadlines.connect, total))
                    }
                    guard let stream = connection?.stream else { throw GatewayError.transport("no connection") }
                    try request.write(to: stream, until: total)
                    var reader = ResponseReader(stream: stream, maxBodyBytes: maxBytes,
                                                firstByte: ContinuousClock.now + deadlines.firstByte, total: total)
                    let (head, keep) = try reader.read(method: method, into: sink)
                    reusable = keep
                    return head
                }
                // Back to the pool before the caller resumes, so its next call can reuse it.
                if !reusable { connection?.stream.close() }
                pool.release(key, reusable ? connection : nil)
                continuation.resume(with: result)
            }
        }
    }

    /// The whole body of `send`, filled on the call's one worker thread and read after it resumed.
    private final class Collected: @unchecked Sendable {
        var bytes: [UInt8] = []
    }

    private func tlsContext() throws -> TLSContext {
        try tls.withLock { cached in
            if let cached { return cached }
            let made = Result { () throws(GatewayError) -> TLSContext in
                do { return try TLSContext(caFile: configuration.caFile) } catch let error as GatewayError { throw error } catch {
                    throw GatewayError.transport("TLS: \(error)")
                }
            }
            cached = made
            return made
        }.get()
    }

    private static func open(_ target: OutboundURL, address: String?, tls: TLSContext?,
                             until deadline: ContinuousClock.Instant) throws -> PooledConnection {
        let ip = try address ?? resolve(target.host)
        let socket = try OutboundSocket.connect(address: ip, port: target.port, until: deadline)
        guard target.isTLS, let tls else { return PooledConnection(stream: socket) }
        return PooledConnection(stream: try TLSStream(socket: socket, context: tls, host: target.host, until: deadline))
    }

    /// An IP literal as it is; a name through getaddrinfo (first answer).
    private static func resolve(_ host: String) throws -> String {
        var probe = in6_addr()
        if inet_pton(AF_INET, host, &probe) == 1 || inet_pton(AF_INET6, host, &probe) == 1 { return host }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else {
            throw GatewayError.transport("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = first.pointee.ai_family
        let ok: Bool = if family == AF_INET6 {
            first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                var address = v6.pointee.sin6_addr
                return inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil
            }
        } else {
            first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                var address = v4.pointee.sin_addr
                return inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil
            }
        }
        guard ok else { throw GatewayError.transport("cannot resolve \(host)") }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
