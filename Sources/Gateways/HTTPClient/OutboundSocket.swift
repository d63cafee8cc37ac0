import Glibc
import Marketplace

/// A byte stream to another service: a plain TCP socket or TLS over one. Every call takes
/// the instant it must be done by; running out of time throws `GatewayError.timeout`.
///
/// Blocking style over a non-blocking descriptor: each call loops on the socket (or libssl)
/// and waits in `poll()` for the time that is left. It is not yet integrated with the
/// server's epoll loops; the client runs these calls on a Dispatch worker, one call per
/// pooled connection at a time.
protocol OutboundStream: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws
    /// Reads up to `maxCount` bytes; an empty answer is the end of the stream.
    func read(maxCount: Int, until deadline: ContinuousClock.Instant) throws -> [UInt8]
    /// True when the peer has closed or sent something unasked (the connection is not reusable).
    func isStale() -> Bool
    func close()
}

/// A connected, non-blocking TCP socket.
final class OutboundSocket: OutboundStream {
    let descriptor: Int32
    private var closed = false

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Connects to exactly `address` (an IPv4 or IPv6 literal), never to a name.
    static func connect(address: String, port: UInt16, until deadline: ContinuousClock.Instant) throws -> OutboundSocket {
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if address.contains(":") {
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, address, &v6.sin6_addr) == 1 else { throw GatewayError.transport("invalid address \(address)") }
            withUnsafeBytes(of: v6) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            family = AF_INET6
        } else {
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            guard inet_pton(AF_INET, address, &v4.sin_addr) == 1 else { throw GatewayError.transport("invalid address \(address)") }
            withUnsafeBytes(of: v4) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            family = AF_INET
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw GatewayError.transport("socket() failed: errno \(errno)") }
        let sock = OutboundSocket(descriptor: fd)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
        if result != 0 {
            guard errno == EINPROGRESS else {
                sock.close()
                throw GatewayError.transport("connect to \(address):\(port) failed: errno \(errno)")
            }
            do { try sock.wait(for: Int16(POLLOUT), until: deadline) } catch { sock.close(); throw error }
            var failure: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &size)
            guard failure == 0 else {
                sock.close()
                throw GatewayError.transport("connect to \(address):\(port) failed: errno \(failure)")
            }
        }
        return sock
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw GatewayError.timeout }
            let millis = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, millis)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw GatewayError.transport("poll failed: errno \(errno)") }
        }
    }

    func write(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            if errno == EAGAIN || errno == EINTR { try wait(for: Int16(POLLOUT), until: deadline); continue }
            throw GatewayError.transport("write failed: errno \(errno)")
        }
    }

    func read(maxCount: Int, until deadline: ContinuousClock.Instant) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxCount)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maxCount, 0) }
            if count >= 0 { return Array(buffer[0..<count]) }
            if errno == EAGAIN || errno == EINTR { try wait(for: Int16(POLLIN), until: deadline); continue }
            throw GatewayError.transport("read failed: errno \(errno)")
        }
    }

    func isStale() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) != 0
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }

    deinit { close() }
}
