import Foundation
import Glibc

/// A raw HTTP/1.1 client over a blocking socket with timeouts: it sends exactly the bytes it
/// is given (malformed ones too) and parses what comes back.
public final class TestClient {
    public struct Reply: Sendable {
        public let status: Int
        public let reason: String
        public let headers: [(String, String)]
        public let body: [UInt8]

        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw Failure.malformed(text)
            }
            return object
        }
    }

    public enum Failure: Error { case timeout, closed, malformed(String) }

    public let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `host:port`; with `source` (another loopback address such as `127.0.0.2`)
    /// the socket is bound to it first, so the server sees a different client address.
    public init(port: Int, host: String = "127.0.0.1", source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound != 0 { throw Failure.closed }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // No close here: a class whose init throws after every property is set still runs
        // deinit, which closes `fd`; closing twice could close another test's socket.
        if rc != 0 { throw Failure.closed }
    }

    deinit { Glibc.close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw Failure.closed }
            offset += n
        }
    }

    /// Half-closes the sending side.
    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one response (to a request that was not HEAD).
    public func read(timeout: Double = 5, head: Bool = false) throws -> Reply {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let (reply, used) = try parse(head: head) {
                buffer.removeFirst(used)
                return reply
            }
            try fill(until: deadline)
        }
    }

    /// Sends a request and reads its response.
    public func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil, timeout: Double = 5) throws -> Reply {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        try send(text)
        return try read(timeout: timeout, head: method == "HEAD")
    }

    /// True when the server closes the connection within `timeout` (reading and dropping any bytes).
    public func closes(within timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do { try fill(until: deadline) } catch Failure.closed { return true } catch { return false }
        }
    }

    /// Whatever arrives until the server closes or `timeout` passes.
    public func drain(timeout: Double) -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        while (try? fill(until: deadline)) != nil {}
        defer { buffer = [] }
        return buffer
    }

    private func fill(until deadline: Date) throws {
        let remaining = deadline.timeIntervalSinceNow
        if remaining <= 0 { throw Failure.timeout }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(min(remaining, 60) * 1000) + 1)
        if ready == 0 { throw Failure.timeout }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        if n <= 0 { throw Failure.closed }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func parse(head: Bool) throws -> (Reply, Int)? {
        guard let end = buffer.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let text = String(decoding: buffer[0..<end.lowerBound], as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw Failure.malformed(text)
        }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        let bodyStart = end.upperBound
        let bodyLength = (head || status < 200 || status == 204 || status == 304) ? 0 : length
        guard buffer.count >= bodyStart + bodyLength else { return nil }
        let reply = Reply(status: status, reason: statusLine.count > 2 ? statusLine[2] : "", headers: headers,
                          body: Array(buffer[bodyStart..<(bodyStart + bodyLength)]))
        return (reply, bodyStart + bodyLength)
    }
}
