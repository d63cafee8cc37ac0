import CLinux
import Glibc

/// A failed system call: the call's name and `errno`.
public struct SystemError: Error, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// Thin wrappers over the socket, epoll and eventfd calls the server uses; every other
/// file calls these instead of Glibc directly.
public enum Sys {
    /// The result of a non-blocking read or write.
    enum IOResult {
        case bytes(Int)
        case wouldBlock
        case closed
        case failed(Int32)
    }

    static func check(_ result: Int32, _ call: String) throws -> Int32 {
        if result < 0 { throw SystemError(call: call, errno: errno) }
        return result
    }

    /// A listening TCP socket bound to `host:port`, non-blocking, `SO_REUSEADDR` set.
    static func listen(host: String, port: Int, reusePort: Bool = false, backlog: Int32 = 4096) throws -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw SystemError(call: "getaddrinfo(\(host))", errno: rc == EAI_SYSTEM ? errno : EINVAL)
        }
        defer { freeaddrinfo(list) }
        let fd = try check(socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0), "socket")
        do {
            var one: Int32 = 1
            _ = try check(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)), "setsockopt(SO_REUSEADDR)")
            if reusePort {
                _ = try check(setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size)), "setsockopt(SO_REUSEPORT)")
            }
            _ = try check(bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen), "bind(\(host):\(port))")
            _ = try check(Glibc.listen(fd, backlog), "listen")
            return (fd, try boundPort(fd))
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// The local port a socket is bound to (for `--port 0`).
    static func boundPort(_ fd: Int32) throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try check(getsockname(fd, $0, &length), "getsockname")
            }
        }
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// Accepts one pending connection as a non-blocking socket with `TCP_NODELAY`, or nil when
    /// none waits; `peer` is the remote address in numeric form (`127.0.0.2`, `::1`), and
    /// `address` the same as bits (nil for a family other than IPv4 or IPv6).
    static func accept(_ listener: Int32) -> (fd: Int32, peer: String, address: PeerAddress?)? {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                CLinux.accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
            if fd >= 0 {
                // Head and body go out in one write, but small responses must never wait for a
                // delayed ACK (the 40 ms stall FlyingFox shows without this).
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return (fd, numericAddress(storage), PeerAddress(storage))
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            default: return nil   // EAGAIN, or EMFILE and friends: try again on the next readiness
            }
        }
    }

    /// An IPv4 or IPv6 socket address as text, without the port; an IPv4-mapped IPv6 peer
    /// (a dual-stack listener) reads as its IPv4 form. Empty for any other family.
    static func numericAddress(_ storage: sockaddr_storage) -> String {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(storage.ss_family) {
        case AF_INET:
            _ = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    withUnsafePointer(to: address.pointee.sin_addr) { inet_ntop(AF_INET, $0, &text, socklen_t(text.count)) }
                }
            }
        case AF_INET6:
            _ = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    withUnsafePointer(to: address.pointee.sin6_addr) { inet_ntop(AF_INET6, $0, &text, socklen_t(text.count)) }
                }
            }
        default:
            return ""
        }
        let result = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return result.hasPrefix("::ffff:") && result.contains(".") ? String(result.dropFirst(7)) : result
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// `more`: more of this response follows at once (a file), so the kernel may hold a
    /// partial segment back instead of sending the head in a packet of its own (MSG_MORE).
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, more: Bool = false) -> IOResult {
        while true {
            // MSG_NOSIGNAL: a peer that went away must not kill the process with SIGPIPE.
            let n = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0))
            if n >= 0 { return .bytes(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    public static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// Ignores SIGPIPE for the whole process: sendfile(2), unlike send(2), has no
    /// MSG_NOSIGNAL, and a client resetting a connection mid-file must not kill the server.
    static func ignoreBrokenPipes() { Glibc.signal(SIGPIPE, SIG_IGN) }

    /// Fails when another socket (another process) already listens on `host:port` — with
    /// SO_REUSEPORT a second server would otherwise silently share the port.
    static func ensurePortFree(host: String, port: Int) throws {
        guard port != 0 else { return }
        let probe = try listen(host: host, port: port, reusePort: false)
        close(probe.fd)
    }

    /// Sends up to `count` bytes of `file` from `offset` to the socket, in the kernel.
    static func sendFile(_ socket: Int32, _ file: Int32, offset: Int, count: Int) -> IOResult {
        var position = off_t(offset)
        while true {
            let n = Glibc.sendfile(socket, file, &position, count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Writes all of `bytes` to a regular file.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError(call: "write", errno: errno)
            }
            offset += n
        }
    }

    /// Creates a new file `directory/prefix-XXXXXX` for writing; returns its descriptor and path.
    static func makeTemporaryFile(in directory: String, prefix: String) throws -> (fd: Int32, path: String) {
        var template = Array("\(directory)/\(prefix)-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        if fd < 0 { throw SystemError(call: "mkstemp(\(directory))", errno: errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return (fd, String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    static func shutdownWrite(_ fd: Int32) { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    // MARK: epoll and eventfd

    static func epollCreate() throws -> Int32 { try check(epoll_create1(Int32(EPOLL_CLOEXEC)), "epoll_create1") }

    static func epollAdd(_ epfd: Int32, _ fd: Int32, events: UInt32, token: UInt64) throws {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        _ = try check(epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event), "epoll_ctl(ADD)")
    }

    static func epollRemove(_ epfd: Int32, _ fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event)
    }

    static func eventFD() throws -> Int32 {
        try check(eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)), "eventfd")
    }

    static func signal(eventFD fd: Int32) {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    static func drain(eventFD fd: Int32) {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
    }

    /// Monotonic milliseconds, coarse (a tick is a few ms): enough for timeouts, cheap per loop turn.
    static func monotonicMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Monotonic seconds with nanosecond resolution, for durations.
    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Wall-clock time as Unix seconds and the milliseconds within that second.
    public static func wallClock() -> (seconds: Int, millis: Int) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int(ts.tv_sec), Int(ts.tv_nsec) / 1_000_000)
    }

    public static var cpuCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
